import { useFormat } from '../../../i18n/useFormat';
import { columnLabel, type EodColumn, type EodRow } from '../eod';

interface EodTableProps {
  caption: string;
  first: string;
  columns: EodColumn[];
  rows: EodRow[];
  testId: string;
}

export function EodTable({ caption, first, columns, rows, testId }: EodTableProps) {
  const format = useFormat();
  return (
    <table className="table eod-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {columns.map((column) => (
            <th key={column.key} scope="col" className="table__number">
              {columnLabel(column.key)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.total ? 'table__total' : undefined} data-row={row.key}>
            <th scope="row" data-label={first}>
              {row.label}
            </th>
            {columns.map((column) => (
              <td key={column.key} data-label={columnLabel(column.key)} data-column={column.key} className="table__number">
                {format.number(row.figures[column.key])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
