-- Sealed files every cloud process reads (issue 29.1, platform/documents/pg-file-store.ts): the KYC
-- documents and the monthly invoice archives, which one process kept in its data folder, where a
-- second process behind the same load balancer could not read them. The module seals a file before
-- it reaches the store (KYC under `kyc:<document id>`, an archive under its period), so these rows
-- hold the same ciphertext the files held: the database holds no readable byte of either.
-- A file is written whole in one transaction (complete or absent) and never overwritten.
CREATE TABLE stored_files (
  namespace text NOT NULL CHECK (namespace ~ '^[a-z][a-z0-9-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  chunk_count integer NOT NULL CHECK (chunk_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (namespace, name)
);

-- At most 1 MiB a row: a file is never one huge value, and a reader holds one chunk at a time.
CREATE TABLE stored_file_chunks (
  namespace text NOT NULL,
  name text NOT NULL,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL CHECK (length(bytes) BETWEEN 1 AND 1048576),
  PRIMARY KEY (namespace, name, seq),
  FOREIGN KEY (namespace, name) REFERENCES stored_files (namespace, name) ON DELETE CASCADE
);
