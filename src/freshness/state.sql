-- What each tilery role last saw of each published collection (its fingerprint, see
-- catalog/discover.ts), so that a change made while no instance ran is still noticed, and that
-- of several instances noticing one change only one retires its tiles. The row of id ''
-- holds the roles' fingerprint. Idempotent.
CREATE SCHEMA IF NOT EXISTS tilery;
CREATE TABLE IF NOT EXISTS tilery.catalog_state (
  role name NOT NULL,
  id text NOT NULL,
  schema text NOT NULL,
  fingerprint text NOT NULL,
  PRIMARY KEY (role, id)
);
GRANT USAGE ON SCHEMA tilery TO PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON tilery.catalog_state TO PUBLIC;
