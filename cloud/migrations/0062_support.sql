-- Support tickets (issue 27, seed 13.2.3): a customer's claims about an order, a booking, a service, an invoice, a
-- debt file or a card, one thread mixing portal and e-mail replies, the SLA per category, the escalation to Admin then
-- Super Admin, internal notes, satisfaction at close, and the ticket's history.

-- « R-2026-000123 »: one sequence for every year (the year is the ticket's own, in Abidjan time).
CREATE SEQUENCE support_ticket_numbers;

-- Hours an answer may take, per category (admins change them; a ticket keeps the hours it was opened with).
CREATE TABLE support_sla (
  category text PRIMARY KEY CHECK (category IN ('order', 'booking', 'service', 'invoice', 'debt_file', 'card', 'other')),
  hours integer NOT NULL CHECK (hours BETWEEN 1 AND 720),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES accounts (id)
);
INSERT INTO support_sla (category, hours) VALUES
  ('card', 4), ('order', 24), ('booking', 24), ('service', 24), ('invoice', 48), ('debt_file', 48), ('other', 72);

CREATE TABLE support_tickets (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE CHECK (reference ~ '^R-[0-9]{4}-[0-9]{6,}$'),
  customer_id uuid NOT NULL REFERENCES accounts (id),
  category text NOT NULL CHECK (category IN ('order', 'booking', 'service', 'invoice', 'debt_file', 'card', 'other')),
  -- What the claim is about, checked against the record (the caller is its buyer, guest, client, debtor, holder).
  about_type text CHECK (about_type IN ('order', 'booking', 'service_request', 'invoice', 'debt_file', 'card')),
  about_id uuid,
  -- The partner concerned, derived from that record (never from the request); null: ISMAIL's own (a card, a claim
  -- about nothing in particular, ISMAIL's overdraft).
  partner_id uuid REFERENCES accounts (id),
  -- The admin an admin gave the ticket to (null: the queue).
  assignee_id uuid REFERENCES accounts (id),
  subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting_customer', 'closed')),
  level text NOT NULL DEFAULT 'support' CHECK (level IN ('support', 'admin', 'super_admin')),
  sla_hours integer NOT NULL CHECK (sla_hours BETWEEN 1 AND 720),
  sla_due_at timestamptz NOT NULL,
  first_response_at timestamptz,
  closed_at timestamptz,
  resolution text CHECK (char_length(resolution) <= 2000),
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment text CHECK (char_length(rating_comment) <= 1000),
  rated_at timestamptz,
  -- The secret part of support+<token>@<domain>: a reply by e-mail reaches this ticket and no other.
  reply_token text NOT NULL UNIQUE CHECK (reply_token ~ '^[a-z0-9]{24,40}$'),
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT support_tickets_about CHECK ((about_type IS NULL) = (about_id IS NULL)),
  CONSTRAINT support_tickets_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CONSTRAINT support_tickets_rated CHECK ((rating IS NULL) = (rated_at IS NULL)),
  -- A retried creation over 3G (same key) is the same ticket.
  CONSTRAINT support_tickets_idempotent UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX support_tickets_customer ON support_tickets (customer_id, created_at DESC, id DESC);
CREATE INDEX support_tickets_partner ON support_tickets (partner_id, created_at DESC, id DESC) WHERE partner_id IS NOT NULL;
-- The escalation job's scan and the admin queue (overdue first).
CREATE INDEX support_tickets_due ON support_tickets (sla_due_at) WHERE status <> 'closed';

CREATE TABLE support_messages (
  id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES support_tickets (id),
  author_id uuid NOT NULL REFERENCES accounts (id),
  author_role text NOT NULL CHECK (author_role IN ('customer', 'partner', 'support')),
  channel text NOT NULL CHECK (channel IN ('portal', 'email')),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
  -- Internal notes: the partner concerned and admins only, never the customer (API, e-mail, notifications).
  internal boolean NOT NULL DEFAULT false,
  -- Documents of the store (kind ticket_attachment), at most five.
  attachment_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(attachment_ids) <= 5),
  -- The Message-ID of a reply by e-mail: the same mail forwarded twice is one message.
  email_message_id text CHECK (char_length(email_message_id) BETWEEN 1 AND 998),
  created_at timestamptz NOT NULL,
  CONSTRAINT support_messages_customer_not_internal CHECK (NOT (internal AND author_role = 'customer')),
  CONSTRAINT support_messages_email_once UNIQUE (ticket_id, email_message_id)
);
CREATE INDEX support_messages_thread ON support_messages (ticket_id, created_at, id);

-- The ticket's history as people read it (who did what, when); bodies stay in support_messages.
CREATE TABLE support_ticket_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES support_tickets (id),
  kind text NOT NULL CHECK (kind IN ('opened', 'replied', 'noted', 'escalated', 'closed', 'reopened', 'rated', 'assigned')),
  actor_id uuid REFERENCES accounts (id),
  detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
  at timestamptz NOT NULL
);
CREATE INDEX support_ticket_events_ticket ON support_ticket_events (ticket_id, id);
-- One escalation per level, whatever the number of job runs and processes.
CREATE UNIQUE INDEX support_ticket_events_one_escalation ON support_ticket_events (ticket_id, (detail ->> 'level'))
  WHERE kind = 'escalated';
