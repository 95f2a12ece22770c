-- red-flag-sector-outside-scope: certificate sectors that none of the body's accreditations
-- for the standard covers, for (body, standard) pairs with no accreditation free of sector
-- limits. One row per certificate and uncovered sector.
WITH covered AS (
  SELECT a.id, a.cb, a.all_sectors, s.work
  FROM accreditation a JOIN acc_std s ON s.id = a.id
), limited AS (
  SELECT DISTINCT cb, work FROM covered
  EXCEPT
  SELECT cb, work FROM covered WHERE all_sectors
), in_scope AS (
  SELECT DISTINCT v.cb, v.work, x.sector
  FROM covered v JOIN acc_sector x ON x.id = v.id
)
SELECT c.id, c.designation, c.status, c.cb, s.sector
FROM certificate c
JOIN limited p ON p.cb = c.cb AND p.work = c.work
JOIN cert_sector s ON s.id = c.id
ANTI JOIN in_scope i ON i.cb = c.cb AND i.work = c.work AND i.sector = s.sector
ORDER BY c.id, s.sector
