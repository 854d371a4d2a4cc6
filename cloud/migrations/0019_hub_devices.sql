-- The devices of each hub's shop LAN as the hub last reported them (SPEC 3.10): what they
-- are, their certificate and state (revocations included), when they were last seen. The hub
-- is the authority (it runs their CA and broker); this is the establishment's and ISMAIL's view.
CREATE TABLE hub_devices (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  device_id uuid NOT NULL,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  type text NOT NULL CHECK (type IN ('rfid_reader', 'door_lock', 'alarm', 'gps_tracker')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  unit_id uuid,
  state text NOT NULL CHECK (state IN ('pending', 'active', 'revoked')),
  cert_serial text CHECK (cert_serial IS NULL OR cert_serial ~ '^[0-9a-f]{1,64}$'),
  cert_expires_at timestamptz,
  last_seen_at timestamptz,
  -- The hub's sequence of the report: an older report never overwrites a newer one.
  reported_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, device_id)
);
CREATE INDEX hub_devices_partner ON hub_devices (partner_id, hub_id);
