SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.role AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN actor_relations AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'actor_relations' AND x.field = 'role'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.started_on || ' (' || f.started_precision || ')' AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN actor_relations AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'actor_relations' AND x.field = 'started_on'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.ended_on || ' (' || f.ended_precision || ')' AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN actor_relations AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'actor_relations' AND x.field = 'ended_on'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN statements AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.speaker_id
WHERE a.kind = 'statements' AND x.field = 'speaker_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN statements AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.on_behalf_of_id
WHERE a.kind = 'statements' AND x.field = 'on_behalf_of_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.statement_type AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN statements AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'statements' AND x.field = 'statement_type'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.cameo_code || ' ' || v.label AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN statements AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN cameo_codes AS v ON v.code = f.cameo_code
WHERE a.kind = 'statements' AND x.field = 'cameo_code'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.stated_on || ' (' || f.date_precision || ')' AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN statements AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'statements' AND x.field = 'stated_on'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       v.name AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN findings AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN investigations AS v ON v.id = f.investigation_id
WHERE a.kind = 'findings' AND x.field = 'investigation_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN findings AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.subject_id
WHERE a.kind = 'findings' AND x.field = 'subject_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.category AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN findings AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'findings' AND x.field = 'category'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.authority_id
WHERE a.kind = 'sanctions' AND x.field = 'authority_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.target_id
WHERE a.kind = 'sanctions' AND x.field = 'target_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       v.name AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN sanction_regimes AS v ON v.id = f.regime_id
WHERE a.kind = 'sanctions' AND x.field = 'regime_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       v.name AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN events AS v ON v.id = f.event_id
WHERE a.kind = 'sanctions' AND x.field = 'event_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.imposed_on || ' (' || f.date_precision || ')' AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'sanctions' AND x.field = 'imposed_on'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.measures AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'sanctions' AND x.field = 'measures'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.cameo_code || ' ' || v.label AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN sanctions AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN cameo_codes AS v ON v.code = f.cameo_code
WHERE a.kind = 'sanctions' AND x.field = 'cameo_code'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN demands AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.demanded_by_id
WHERE a.kind = 'demands' AND x.field = 'demanded_by_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       COALESCE(v.name, v.description) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN demands AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN actors AS v ON v.id = f.addressee_id
WHERE a.kind = 'demands' AND x.field = 'addressee_id'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.cameo_code || ' ' || v.label AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN demands AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN cameo_codes AS v ON v.code = f.cameo_code
WHERE a.kind = 'demands' AND x.field = 'cameo_code'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       x.field AS field,
       f.stated_on || ' (' || f.date_precision || ')' AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       f.quote AS quote,
       f.id AS fact_id
FROM act_disagreements AS x
JOIN acts AS a ON a.id = x.act_id
JOIN demands AS f ON f.act_id = a.id
JOIN documents AS d ON d.id = f.document_id
WHERE a.kind = 'demands' AND x.field = 'stated_on'
UNION ALL
SELECT x.entity_key AS act,
       x.entity_table AS kind,
       x.field AS field,
       CAST(COALESCE(json_extract(ed.declared, '$.values.' || x.field),
                     json_extract(ed.declared, '$.refs.' || x.field || '[1]')) AS TEXT) AS value,
       d.slug AS document_slug,
       d.published_on AS published_on,
       CAST(NULL AS TEXT) AS quote,
       CAST(NULL AS INTEGER) AS fact_id
FROM entity_disagreements AS x
JOIN entity_declarations AS ed
  ON ed.entity_table = x.entity_table AND ed.entity_key = x.entity_key
JOIN documents AS d ON d.id = ed.document_id
WHERE COALESCE(json_extract(ed.declared, '$.values.' || x.field),
               json_extract(ed.declared, '$.refs.' || x.field || '[1]')) IS NOT NULL
