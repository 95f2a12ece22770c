-- certificates-per-standard-and-country: every certificate, grouped by standard and country;
-- a designation that resolved to no standard counts under "(standard not recognised)".
SELECT c.work AS standard, coalesce(w.designation, '(standard not recognised)') AS designation,
       c.country, count(*) AS certificates,
       sum(CASE WHEN c.status = 'valid' THEN 1 ELSE 0 END) AS valid
FROM certificate c
LEFT JOIN work w ON w.work = c.work
GROUP BY c.work, w.designation, c.country
ORDER BY designation, certificates DESC, c.country
