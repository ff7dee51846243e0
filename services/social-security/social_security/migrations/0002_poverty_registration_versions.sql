-- Every change of a registration increases its version, which its events carry: consumers
-- keep the highest version they applied, so a late or repeated event changes nothing.
-- A registration changes twice: it is registered (version 1) and lifted (version 2).
ALTER TABLE poverty_registrations ADD COLUMN version bigint NOT NULL DEFAULT 1;
-- Registrations lifted before versions existed have had both changes already.
UPDATE poverty_registrations SET version = 2 WHERE lifted_on IS NOT NULL;
