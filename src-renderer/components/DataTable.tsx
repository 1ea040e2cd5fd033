// A sortable table on TanStack Table with Mantine's look: sticky header, keyboard-operable sort buttons
// with aria-sort, optional row selection and row links. Used for sources and evidence.
import { Box, Table, UnstyledButton } from '@mantine/core';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useState } from 'react';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    width?: number | string;
    align?: 'left' | 'right' | 'center';
    /** Cells of this column hold controls: clicks there do not open the row. */
    interactive?: boolean;
  }
}

export function DataTable<T>({
  data,
  columns,
  getRowId,
  initialSorting = [],
  rowSelection,
  onRowSelectionChange,
  onRowOpen,
  maxHeight,
  minWidth,
  ariaLabel,
  rowProps,
}: {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack column value types vary per column
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  initialSorting?: SortingState;
  rowSelection?: RowSelectionState;
  onRowSelectionChange?: OnChangeFn<RowSelectionState>;
  /** Opens a row on click; keyboard users reach the same place through a link in one of its cells. */
  onRowOpen?: (row: T) => void;
  maxHeight?: number | string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  ariaLabel: string;
  rowProps?: (row: T) => Record<string, string | undefined>;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    getRowId,
    state: { sorting, ...(rowSelection ? { rowSelection } : {}) },
    onSortingChange: setSorting,
    ...(onRowSelectionChange ? { onRowSelectionChange, enableRowSelection: true } : {}),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  return (
    <Box className="vouch-table-wrap" style={{ maxHeight }}>
      <Table
        stickyHeader
        highlightOnHover={Boolean(onRowOpen)}
        verticalSpacing="sm"
        horizontalSpacing="sm"
        miw={minWidth}
        aria-label={ariaLabel}
        className="vouch-table"
      >
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const sorted = header.column.getIsSorted();
                const content = header.isPlaceholder
                  ? null
                  : flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <Table.Th
                    key={header.id}
                    w={meta?.width}
                    ta={meta?.align}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <UnstyledButton
                        className="vouch-sort"
                        onClick={header.column.getToggleSortingHandler()}
                        data-sorted={sorted || undefined}
                      >
                        {content}
                        <span className="vouch-sort-mark" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </UnstyledButton>
                    ) : (
                      content
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr
              key={row.id}
              data-selected={row.getIsSelected() || undefined}
              className={onRowOpen ? 'vouch-row-link' : undefined}
              onClick={
                onRowOpen
                  ? (event) => {
                      if (
                        (event.target as HTMLElement).closest('[data-interactive], button, a, input, label')
                      )
                        return;
                      onRowOpen(row.original);
                    }
                  : undefined
              }
              {...rowProps?.(row.original)}
            >
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta;
                return (
                  <Table.Td key={cell.id} ta={meta?.align} data-interactive={meta?.interactive || undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
