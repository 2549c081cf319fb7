import { Input, PinInput, Stack } from '@mantine/core';
import { useId } from '@mantine/hooks';

interface CodeInputProps {
  label: string;
  /** Accessible name of boxes 2–6 (already translated), e.g. "Digit 2 of 6". */
  digitLabel: (position: number) => string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  autoFocus?: boolean;
}

/**
 * Six-digit TOTP code. Only the first box carries the field's label (the group of boxes does not), so
 * `getByLabel(label)` finds exactly one input; typing or pasting the whole code there fills all six boxes.
 * Not wrapped in Input.Wrapper: its context would give all six boxes the same id.
 */
export function CodeInput({ label, digitLabel, value, onChange, error, autoFocus = false }: CodeInputProps) {
  const errorId = useId();
  return (
    <Stack gap={6}>
      <Input.Label labelElement="div" aria-hidden>
        {label}
      </Input.Label>
      <PinInput
        length={6}
        type="number"
        oneTimeCode
        autoFocus={autoFocus}
        value={value}
        onChange={onChange}
        error={Boolean(error)}
        getInputProps={(index) => ({
          'aria-label': index === 0 ? label : digitLabel(index + 1),
          'aria-describedby': error ? errorId : undefined,
        })}
      />
      {error && <Input.Error id={errorId}>{error}</Input.Error>}
    </Stack>
  );
}
