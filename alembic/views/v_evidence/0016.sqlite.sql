SELECT 'actor_relations' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       a.key AS act,
       (SELECT group_concat(value, '; ') FROM (SELECT s.publisher
                   || COALESCE(', ' || substr(s.published_on, 1, CASE s.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), '')
                   || ', ' || s.url AS value
               FROM fact_sources AS fs JOIN document_sources AS s ON s.id = fs.source_id
               WHERE fs.actor_relation_id = f.id ORDER BY s.id) AS x) AS sources
FROM actor_relations AS f
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN acts AS a ON a.id = f.act_id
UNION ALL
SELECT 'event_participants' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       a.key AS act,
       (SELECT group_concat(value, '; ') FROM (SELECT s.publisher
                   || COALESCE(', ' || substr(s.published_on, 1, CASE s.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), '')
                   || ', ' || s.url AS value
               FROM fact_sources AS fs JOIN document_sources AS s ON s.id = fs.source_id
               WHERE fs.event_participant_id = f.id ORDER BY s.id) AS x) AS sources
FROM event_participants AS f
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN acts AS a ON a.id = f.act_id
UNION ALL
SELECT 'statements' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       a.key AS act,
       (SELECT group_concat(value, '; ') FROM (SELECT s.publisher
                   || COALESCE(', ' || substr(s.published_on, 1, CASE s.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), '')
                   || ', ' || s.url AS value
               FROM fact_sources AS fs JOIN document_sources AS s ON s.id = fs.source_id
               WHERE fs.statement_id = f.id ORDER BY s.id) AS x) AS sources
FROM statements AS f
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN acts AS a ON a.id = f.act_id
UNION ALL
SELECT 'findings' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       a.key AS act,
       (SELECT group_concat(value, '; ') FROM (SELECT s.publisher
                   || COALESCE(', ' || substr(s.published_on, 1, CASE s.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), '')
                   || ', ' || s.url AS value
               FROM fact_sources AS fs JOIN document_sources AS s ON s.id = fs.source_id
               WHERE fs.finding_id = f.id ORDER BY s.id) AS x) AS sources
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN acts AS a ON a.id = f.act_id
UNION ALL
SELECT 'sanctions' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       a.key AS act,
       (SELECT group_concat(value, '; ') FROM (SELECT s.publisher
                   || COALESCE(', ' || substr(s.published_on, 1, CASE s.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), '')
                   || ', ' || s.url AS value
               FROM fact_sources AS fs JOIN document_sources AS s ON s.id = fs.source_id
               WHERE fs.sanction_id = f.id ORDER BY s.id) AS x) AS sources
FROM sanctions AS f
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN acts AS a ON a.id = f.act_id
UNION ALL
SELECT 'demands' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       a.key AS act,
       (SELECT group_concat(value, '; ') FROM (SELECT s.publisher
                   || COALESCE(', ' || substr(s.published_on, 1, CASE s.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), '')
                   || ', ' || s.url AS value
               FROM fact_sources AS fs JOIN document_sources AS s ON s.id = fs.source_id
               WHERE fs.demand_id = f.id ORDER BY s.id) AS x) AS sources
FROM demands AS f
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN acts AS a ON a.id = f.act_id
UNION ALL
SELECT 'events' AS fact_table,
       f.id AS fact_id,
       f.key AS fact_key,
       d.slug AS document_slug,
       f.char_start AS char_start,
       f.char_end AS char_end,
       substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) AS quote,
       CASE WHEN substr(d.body_text, f.char_start + 1, f.char_end - f.char_start) = f.quote
            THEN 1 ELSE 0 END AS quote_matches,
       CAST(NULL AS VARCHAR(400)) AS act,
       CAST(NULL AS TEXT) AS sources
FROM events AS f
JOIN documents AS d ON d.id = f.document_id
