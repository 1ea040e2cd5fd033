// A virtualized preview of an artifact's rows: only the rows in view exist in the DOM, and rows are fetched
// from the engine in windows (`artifacts.rows` {offset, limit}) as they scroll into view, so 100k rows
// scroll as smoothly as 100.
import { Alert, Box, Group, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { formatCount } from '../format/dates.ts';
import { callApi } from '../state/api-client.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';

const pageSize = 250;
const rowHeight = 34;
const headerHeight = 38;
const indexColumnWidth = 72;
/** Waits for scrolling to settle before fetching, so dragging the scrollbar does not fetch every page passed. */
const fetchDelayMs = 60;

type Row = Record<string, unknown>;

/** Column widths from the header and the first page of values, so dates and emails are not cut short. */
function columnWidths(columns: string[], sample: Row[]): number[] {
  return columns.map((column) => {
    let chars = column.length + 2;
    for (const row of sample.slice(0, 100))
      chars = Math.max(chars, Math.min(48, cellText(row[column])?.length ?? 1));
    return Math.round(Math.min(360, Math.max(72, chars * 8.2 + 24)));
  });
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One row; memoized so scrolling re-renders only the rows that come into view. */
const PreviewRow = memo(function PreviewRow({
  index,
  offset,
  row,
  columns,
  template,
}: {
  index: number;
  offset: number;
  row: Row | undefined;
  columns: string[];
  template: string;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className="vouch-preview-row vouch-preview-body-row"
      data-index={index}
      style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${offset}px)` }}
    >
      <div role="cell" className="vouch-preview-index">
        {formatCount(index + 1)}
      </div>
      {columns.map((column) => {
        if (!row) {
          return (
            <div role="cell" key={column}>
              <span className="vouch-placeholder" />
            </div>
          );
        }
        const text = cellText(row[column]);
        return (
          <div role="cell" key={column} title={text ?? undefined} data-empty={text === null || undefined}>
            {text ?? '—'}
          </div>
        );
      })}
    </div>
  );
});

export function RowsPreview({ artifactId, expectedRows }: { artifactId: string; expectedRows: number }) {
  const pages = useRef(new Map<number, Row[]>());
  const inFlight = useRef(new Set<number>());
  const [, pageArrived] = useReducer((n: number) => n + 1, 0);
  const [columns, setColumns] = useState<string[] | null>(null);
  const [total, setTotal] = useState(expectedRows);
  const [failure, setFailure] = useState<ApiCallError | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    async (page: number) => {
      if (pages.current.has(page) || inFlight.current.has(page)) return;
      inFlight.current.add(page);
      try {
        const window = await callApi('artifacts.rows', {
          id: artifactId,
          offset: page * pageSize,
          limit: pageSize,
        });
        pages.current.set(page, window.rows);
        setColumns((current) => current ?? window.columns);
        setTotal(window.total);
        pageArrived();
      } catch (error) {
        setFailure(toApiCallError(error));
      } finally {
        inFlight.current.delete(page);
      }
    },
    [artifactId],
  );

  useEffect(() => {
    pages.current = new Map();
    inFlight.current = new Set();
    setColumns(null);
    setFailure(null);
    void fetchPage(0);
  }, [fetchPage]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = pages.current.get(0);
  const { template, innerWidth } = useMemo(() => {
    const widths = [indexColumnWidth, ...columnWidths(columns ?? [], firstPage ?? [])];
    return { template: widths.map((w) => `${w}px`).join(' '), innerWidth: widths.reduce((a, b) => a + b, 0) };
  }, [columns, firstPage]);
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    const timer = setTimeout(() => {
      for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page++)
        void fetchPage(page);
    }, fetchDelayMs);
    return () => clearTimeout(timer);
  }, [first, last, fetchPage]);

  if (failure) {
    return (
      <Alert color="red" variant="light" title="The rows could not be read" role="alert">
        {failure.message} {failure.nextStep}
      </Alert>
    );
  }
  if (!columns) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Loading rows" />
      </Group>
    );
  }
  if (total === 0) {
    return (
      <Text c="dimmed" fz="sm" p="lg" ta="center">
        This artifact has no rows: the population was empty when it was collected.
      </Text>
    );
  }

  return (
    <Box
      ref={scrollRef}
      className="vouch-preview"
      tabIndex={0}
      role="table"
      aria-label={`Rows of the artifact, ${formatCount(total)} in all`}
      aria-rowcount={total + 1}
      aria-colcount={columns.length + 1}
      data-testid="rows-preview"
    >
      <div className="vouch-preview-head" role="rowgroup" style={{ width: innerWidth, minWidth: '100%' }}>
        <div
          role="row"
          aria-rowindex={1}
          className="vouch-preview-row"
          style={{ gridTemplateColumns: template, height: headerHeight }}
        >
          <div role="columnheader" className="vouch-preview-index">
            #
          </div>
          {columns.map((column) => (
            <div role="columnheader" key={column} title={column}>
              {column}
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        style={{
          height: virtualizer.getTotalSize(),
          width: innerWidth,
          position: 'relative',
          minWidth: '100%',
        }}
      >
        {items.map((item) => (
          <PreviewRow
            key={item.key}
            index={item.index}
            offset={item.start - headerHeight}
            row={pages.current.get(Math.floor(item.index / pageSize))?.[item.index % pageSize]}
            columns={columns}
            template={template}
          />
        ))}
      </div>
    </Box>
  );
}
