SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       COALESCE(conductor.name, conductor.description) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key,
       COALESCE(subject.name, subject.description) AS subject,
       subject.kind AS subject_kind,
       subject_state.iso_alpha3 AS subject_iso3,
       CASE WHEN subject_state.actor_id IS NULL THEN NULL WHEN subject_state.actor_id = subject.id THEN 'state'
            WHEN subject.kind = 'person' THEN 'official' ELSE 'organ' END AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS conductor ON i.conducted_by_id = conductor.id
JOIN actors AS mandator ON i.mandated_by_id = mandator.id
JOIN actors AS subject ON f.subject_id = subject.id
LEFT JOIN states AS subject_state ON subject_state.actor_id = subject.state_id
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       COALESCE(conductor.name, conductor.description) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key,
       CAST(NULL AS TEXT) AS subject,
       CAST(NULL AS VARCHAR(20)) AS subject_kind,
       CAST(NULL AS VARCHAR(3)) AS subject_iso3,
       CAST(NULL AS VARCHAR(10)) AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS conductor ON i.conducted_by_id = conductor.id
JOIN actors AS mandator ON i.mandated_by_id = mandator.id
WHERE f.subject_id IS NULL
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       COALESCE(conductor.name, conductor.description) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       CAST(NULL AS TEXT) AS mandated_by,
       f.key AS finding_key,
       COALESCE(subject.name, subject.description) AS subject,
       subject.kind AS subject_kind,
       subject_state.iso_alpha3 AS subject_iso3,
       CASE WHEN subject_state.actor_id IS NULL THEN NULL WHEN subject_state.actor_id = subject.id THEN 'state'
            WHEN subject.kind = 'person' THEN 'official' ELSE 'organ' END AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS conductor ON i.conducted_by_id = conductor.id
JOIN actors AS subject ON f.subject_id = subject.id
LEFT JOIN states AS subject_state ON subject_state.actor_id = subject.state_id
WHERE i.mandated_by_id IS NULL
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       COALESCE(conductor.name, conductor.description) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       CAST(NULL AS TEXT) AS mandated_by,
       f.key AS finding_key,
       CAST(NULL AS TEXT) AS subject,
       CAST(NULL AS VARCHAR(20)) AS subject_kind,
       CAST(NULL AS VARCHAR(3)) AS subject_iso3,
       CAST(NULL AS VARCHAR(10)) AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS conductor ON i.conducted_by_id = conductor.id
WHERE i.mandated_by_id IS NULL
  AND f.subject_id IS NULL
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       CAST(NULL AS TEXT) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key,
       COALESCE(subject.name, subject.description) AS subject,
       subject.kind AS subject_kind,
       subject_state.iso_alpha3 AS subject_iso3,
       CASE WHEN subject_state.actor_id IS NULL THEN NULL WHEN subject_state.actor_id = subject.id THEN 'state'
            WHEN subject.kind = 'person' THEN 'official' ELSE 'organ' END AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS mandator ON i.mandated_by_id = mandator.id
JOIN actors AS subject ON f.subject_id = subject.id
LEFT JOIN states AS subject_state ON subject_state.actor_id = subject.state_id
WHERE i.conducted_by_id IS NULL
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       CAST(NULL AS TEXT) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       COALESCE(mandator.name, mandator.description) AS mandated_by,
       f.key AS finding_key,
       CAST(NULL AS TEXT) AS subject,
       CAST(NULL AS VARCHAR(20)) AS subject_kind,
       CAST(NULL AS VARCHAR(3)) AS subject_iso3,
       CAST(NULL AS VARCHAR(10)) AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS mandator ON i.mandated_by_id = mandator.id
WHERE i.conducted_by_id IS NULL
  AND f.subject_id IS NULL
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       CAST(NULL AS TEXT) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       CAST(NULL AS TEXT) AS mandated_by,
       f.key AS finding_key,
       COALESCE(subject.name, subject.description) AS subject,
       subject.kind AS subject_kind,
       subject_state.iso_alpha3 AS subject_iso3,
       CASE WHEN subject_state.actor_id IS NULL THEN NULL WHEN subject_state.actor_id = subject.id THEN 'state'
            WHEN subject.kind = 'person' THEN 'official' ELSE 'organ' END AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
JOIN actors AS subject ON f.subject_id = subject.id
LEFT JOIN states AS subject_state ON subject_state.actor_id = subject.state_id
WHERE i.conducted_by_id IS NULL
  AND i.mandated_by_id IS NULL
UNION ALL
SELECT f.id AS finding_id,
       d.slug AS document_slug,
       i.name AS investigation,
       CAST(NULL AS TEXT) AS investigated_by,
       f.text AS finding,
       f.category AS category,
       f.quote AS quote,
       CAST(NULL AS TEXT) AS mandated_by,
       f.key AS finding_key,
       CAST(NULL AS TEXT) AS subject,
       CAST(NULL AS VARCHAR(20)) AS subject_kind,
       CAST(NULL AS VARCHAR(3)) AS subject_iso3,
       CAST(NULL AS VARCHAR(10)) AS subject_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = f.act_id) AS act
FROM findings AS f
JOIN documents AS d ON d.id = f.document_id
JOIN investigations AS i ON i.id = f.investigation_id
WHERE i.conducted_by_id IS NULL
  AND i.mandated_by_id IS NULL
  AND f.subject_id IS NULL
