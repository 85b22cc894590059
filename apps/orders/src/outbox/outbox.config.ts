import { defineConfig, EnvInt } from '@app/config';
import { IsInt, Max, Min } from 'class-validator';

class OutboxEnv {
  @EnvInt() @IsInt() @Min(50) @Max(600_000) RELAY_INTERVAL_MS = 1000;
  @EnvInt() @IsInt() @Min(0) @Max(3_600_000) RELAY_GRACE_MS = 5000;
  // Orders per page of a pass. FerretDB reads every pending order for each page (it pushes only
  // `outboxPending` down, not the lease, range or sort), so small pages make working off a
  // backlog quadratic; claims are separate commands and the events go out ≤ 500 per request.
  @EnvInt() @IsInt() @Min(1) @Max(1000) RELAY_BATCH_SIZE = 500;
  @EnvInt() @IsInt() @Min(1000) @Max(3_600_000) RELAY_LEASE_MS = 30_000;
  @EnvInt() @IsInt() @Min(1000) @Max(600_000) RELAY_MAX_BACKOFF_MS = 30_000;
  // Longest gap between full passes while this instance saw no publish fail: they catch the
  // orders of an instance that died between insert and publish (FerretDB scans to find them).
  @EnvInt() @IsInt() @Min(1000) @Max(3_600_000) RELAY_SWEEP_INTERVAL_MS = 30_000;
  // An order published this long ago and still PLACED is announced again (its OrderPlaced may
  // have expired or been lost after publication; the consumers are idempotent), and counted in
  // orders_placed_overdue meanwhile.
  @EnvInt() @IsInt() @Min(1000) @Max(86_400_000) RELAY_REANNOUNCE_AFTER_MS = 300_000;
  // What an outbox keeps of events it sent (publication records, claims; the catalog's sent rows)
  // is deleted after this long: one small record per order would otherwise stay for ever.
  @EnvInt() @IsInt() @Min(60_000) @Max(31_536_000_000) OUTBOX_RETENTION_MS = 604_800_000;
}

/** The outbox relay: how often it looks, how old an unpublished order must be, how many it takes. */
export const outboxConfig = defineConfig('outbox', OutboxEnv, (env) => ({
  relayIntervalMs: env.RELAY_INTERVAL_MS,
  relayGraceMs: env.RELAY_GRACE_MS,
  relayBatchSize: env.RELAY_BATCH_SIZE,
  relayLeaseMs: env.RELAY_LEASE_MS,
  relayMaxBackoffMs: env.RELAY_MAX_BACKOFF_MS,
  relaySweepIntervalMs: env.RELAY_SWEEP_INTERVAL_MS,
  relayReannounceAfterMs: env.RELAY_REANNOUNCE_AFTER_MS,
  retentionMs: env.OUTBOX_RETENTION_MS,
}));
