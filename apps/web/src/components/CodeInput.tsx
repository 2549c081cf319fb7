import { Input, PinInput } from '@mantine/core';
import { useId } from '@mantine/hooks';

interface CodeInputProps {
  label: string;
  /** Accessible name of digits 2–6, e.g. "Digit {{position}} of 6" already translated. */
  digitLabel: (position: number) => string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
}

/**
 * Six-digit TOTP code. The first box carries the field's label so `getByLabel(label)` finds one input,
 * and typing or pasting the whole code there fills all six boxes.
 */
export function CodeInput({ label, digitLabel, value, onChange, error }: CodeInputProps) {
  const labelId = useId();
  return (
    <Input.Wrapper label={label} labelElement="div" id={labelId} error={error}>
      <PinInput
        aria-labelledby={`${labelId}-label`}
        mt={4}
        length={6}
        type="number"
        oneTimeCode
        autoFocus
        value={value}
        onChange={onChange}
        error={Boolean(error)}
        getInputProps={(index) => ({ 'aria-label': index === 0 ? label : digitLabel(index + 1) })}
      />
    </Input.Wrapper>
  );
}
