import { Text } from '@mantine/core';
import { nameParts } from './attachments';

/** A file name on one line: a long start ends in an ellipsis, the extension always shows. */
export function FileName({ filename }: { filename: string }) {
  const { start, extension } = nameParts(filename);
  return (
    <span style={{ display: 'inline-flex', minWidth: 0 }}>
      <Text span inherit truncate style={{ minWidth: 0 }}>
        {start}
      </Text>
      <span style={{ flex: 'none' }}>{extension}</span>
    </span>
  );
}
