/**
 * Statements per bulk write. FerretDB holds one PostgreSQL connection per update statement
 * until the bulk command ends, and a bulk of more statements than its pool has never ends;
 * three partitions at a time × 50 stays far below its pool (see README, FerretDB).
 */
export const BULK_LIMIT = 50;
