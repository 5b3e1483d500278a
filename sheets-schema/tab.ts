import { z } from 'zod';
import type { Cell } from './cells.js';
import type { Column, ColumnValue } from './columns.js';

export type Columns = Record<string, Column>;

export interface TabSpec<C extends Columns = Columns> {
  readonly name: string;
  readonly columns: C;
  /** The column that identifies a row; writes find rows by it, never by position. */
  readonly idKey?: keyof C & string;
  /** Prefix of IDs the system gives, e.g. `EV-` for `EV-12`. */
  readonly idPrefix?: string;
  /** Where a row's problems are written; tabs without one report them in Audit. */
  readonly problemsKey?: keyof C & string;
  /** Zod schema of one row's cells (keyed by column key), for the group's time zone. */
  schema(zone: string): z.ZodType<RowOf<C>, Partial<Record<keyof (C & Columns), Cell | undefined>>>;
}

export type RowOf<C extends Columns> = { [K in keyof C]: ColumnValue<C[K]> };

// C is not constrained to Columns here: that constraint, used as context, would widen each column's `needed`.
export function defineTab<C extends object>(spec: {
  name: string;
  columns: C;
  idKey?: NoInfer<keyof C & string>;
  idPrefix?: string;
  problemsKey?: NoInfer<keyof C & string>;
}): TabSpec<C & Columns> {
  const cache = new Map<string, z.ZodType>();
  const columns = spec.columns as C & Columns;
  return {
    ...spec,
    columns,
    schema(zone) {
      let schema = cache.get(zone);
      if (!schema) {
        const shape: Record<string, z.ZodType> = {};
        for (const [key, column] of Object.entries(columns)) {
          const parser = column.parser(zone);
          // Blank cells arrive as undefined and are never handed to the parser.
          shape[key] = column.needed
            ? z
                .unknown()
                .refine((v) => v !== undefined, { message: 'is empty' })
                .pipe(parser)
            : parser.optional();
        }
        schema = z.object(shape);
        cache.set(zone, schema);
      }
      return schema as unknown as z.ZodType<
        RowOf<C & Columns>,
        Partial<Record<keyof (C & Columns), Cell | undefined>>
      >;
    },
  };
}
