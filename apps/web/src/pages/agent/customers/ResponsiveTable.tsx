import { Box, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: 'right';
}

interface ResponsiveTableProps<T> {
  rows: readonly T[];
  /** The first column names the row: on a phone it heads the row's card. */
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowTestId: string;
  minWidth: number;
  /** Said instead when there are no rows. */
  empty: string;
}

/** A card's names take what they need, its values the rest, so an address wraps as little as it can. */
const cardFields = { display: 'grid', gridTemplateColumns: 'minmax(5rem, max-content) 1fr', gap: '4px 12px' } as const;

/**
 * A table on a wide screen; on a phone, one card per row with each column's header beside its value, so nothing
 * hides off the screen's edge behind a sideways scroll.
 */
export function ResponsiveTable<T>({ rows, columns, rowKey, rowTestId, minWidth, empty }: ResponsiveTableProps<T>) {
  const phone = useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false });
  const [title, ...rest] = columns;
  if (!title) return null;
  if (rows.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {empty}
      </Text>
    );
  }

  if (phone) {
    return (
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {rows.map((row) => (
          <Paper key={rowKey(row)} component="li" withBorder p="sm" radius="sm" data-testid={rowTestId}>
            <div style={{ overflowWrap: 'anywhere' }}>{title.cell(row)}</div>
            <Box component="dl" mt="xs" mb={0} style={cardFields}>
              {rest.map((column) => (
                <div key={column.header} style={{ display: 'contents' }}>
                  <Text component="dt" size="xs" c="dimmed" fw={500}>
                    {column.header}
                  </Text>
                  <Text component="dd" m={0} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {column.cell(row)}
                  </Text>
                </div>
              ))}
            </Box>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="xs" highlightOnHover withTableBorder>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header} ta={column.align}>
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)} data-testid={rowTestId}>
              {columns.map((column) => (
                <Table.Td key={column.header} ta={column.align} style={{ overflowWrap: 'anywhere' }}>
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
