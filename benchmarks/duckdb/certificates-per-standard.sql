-- certificates-per-standard: certificates per standard (the work) in one country.
SELECT c.country, c.work AS standard, w.designation, count(*) AS certificates,
       sum(CASE WHEN c.status = 'valid' THEN 1 ELSE 0 END) AS valid
FROM certificate c
JOIN work w ON w.work = c.work
WHERE c.country = $country
GROUP BY c.country, c.work, w.designation
ORDER BY certificates DESC, designation
