CREATE TABLE "billing_outbox" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"message_key" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"traceparent" text
);
--> statement-breakpoint
CREATE TABLE "compensations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"kind" text NOT NULL,
	"cause" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"provider_id" text,
	"product_id" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"user_id" text NOT NULL,
	"item_count" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"provider_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"order_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"amount_minor" bigint,
	"item_count" integer,
	"currency" text NOT NULL,
	"payment_method" text,
	"product_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"needs_stock" boolean DEFAULT false NOT NULL,
	"stock" text DEFAULT 'WAITING' NOT NULL,
	"state" text NOT NULL,
	"placed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"provider_id" text,
	"decline_code" text,
	"captured_at" timestamp with time zone,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "billing_outbox_unsent" ON "billing_outbox" USING btree ("position") WHERE "billing_outbox"."sent_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "compensations_once_per_order" ON "compensations" USING btree ("order_id","kind");--> statement-breakpoint
CREATE INDEX "compensations_due" ON "compensations" USING btree ("next_attempt_at") WHERE "compensations"."status" = 'PENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_provider_operation" ON "ledger" USING btree ("kind","provider_id");--> statement-breakpoint
CREATE INDEX "ledger_user_newest" ON "ledger" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "ledger_order" ON "ledger" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_due" ON "payments" USING btree ("next_attempt_at") WHERE "payments"."state" = 'DUE';--> statement-breakpoint
CREATE INDEX "payments_captured_products" ON "payments" USING gin ("product_ids") WHERE "payments"."state" = 'CAPTURED';