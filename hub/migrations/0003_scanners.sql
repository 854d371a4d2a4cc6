-- Serial scanners at the counter (RS-232, USB-serial, Bluetooth SPP), added by their
-- client-chosen id like printers. Keyboard-wedge scanners need no configuration: the
-- counter app recognises their keystroke bursts.
CREATE TABLE scanners (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 100),
  baud_rate INTEGER NOT NULL CHECK (baud_rate IN (9600, 19200, 38400, 57600, 115200)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
