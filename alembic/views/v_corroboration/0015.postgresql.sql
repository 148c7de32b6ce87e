SELECT a.key AS act,
       a.kind AS kind,
       dossier_iso_date(a.occurred_on) AS occurred_on,
       a.date_precision AS date_precision,
       (SELECT COUNT(DISTINCT f.document_id) FROM actor_relations AS f WHERE f.act_id = a.id) AS documents,
       (SELECT d.slug FROM actor_relations AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on, d.slug LIMIT 1) AS first_source,
       dossier_iso_date((SELECT MIN(d.published_on) FROM actor_relations AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS first_published_on,
       (SELECT d.slug FROM actor_relations AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on DESC, d.slug DESC LIMIT 1) AS latest_source,
       dossier_iso_date((SELECT MAX(d.published_on) FROM actor_relations AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS latest_published_on,
       whole.key AS part_of,
       (SELECT COUNT(*) FROM act_disagreements AS x WHERE x.act_id = a.id) AS disagreements,
       a.id AS act_id
FROM acts AS a
LEFT JOIN acts AS whole ON whole.id = a.part_of_id
WHERE a.kind = 'actor_relations'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       dossier_iso_date(a.occurred_on) AS occurred_on,
       a.date_precision AS date_precision,
       (SELECT COUNT(DISTINCT f.document_id) FROM event_participants AS f WHERE f.act_id = a.id) AS documents,
       (SELECT d.slug FROM event_participants AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on, d.slug LIMIT 1) AS first_source,
       dossier_iso_date((SELECT MIN(d.published_on) FROM event_participants AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS first_published_on,
       (SELECT d.slug FROM event_participants AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on DESC, d.slug DESC LIMIT 1) AS latest_source,
       dossier_iso_date((SELECT MAX(d.published_on) FROM event_participants AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS latest_published_on,
       whole.key AS part_of,
       (SELECT COUNT(*) FROM act_disagreements AS x WHERE x.act_id = a.id) AS disagreements,
       a.id AS act_id
FROM acts AS a
LEFT JOIN acts AS whole ON whole.id = a.part_of_id
WHERE a.kind = 'event_participants'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       dossier_iso_date(a.occurred_on) AS occurred_on,
       a.date_precision AS date_precision,
       (SELECT COUNT(DISTINCT f.document_id) FROM statements AS f WHERE f.act_id = a.id) AS documents,
       (SELECT d.slug FROM statements AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on, d.slug LIMIT 1) AS first_source,
       dossier_iso_date((SELECT MIN(d.published_on) FROM statements AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS first_published_on,
       (SELECT d.slug FROM statements AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on DESC, d.slug DESC LIMIT 1) AS latest_source,
       dossier_iso_date((SELECT MAX(d.published_on) FROM statements AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS latest_published_on,
       whole.key AS part_of,
       (SELECT COUNT(*) FROM act_disagreements AS x WHERE x.act_id = a.id) AS disagreements,
       a.id AS act_id
FROM acts AS a
LEFT JOIN acts AS whole ON whole.id = a.part_of_id
WHERE a.kind = 'statements'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       dossier_iso_date(a.occurred_on) AS occurred_on,
       a.date_precision AS date_precision,
       (SELECT COUNT(DISTINCT f.document_id) FROM findings AS f WHERE f.act_id = a.id) AS documents,
       (SELECT d.slug FROM findings AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on, d.slug LIMIT 1) AS first_source,
       dossier_iso_date((SELECT MIN(d.published_on) FROM findings AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS first_published_on,
       (SELECT d.slug FROM findings AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on DESC, d.slug DESC LIMIT 1) AS latest_source,
       dossier_iso_date((SELECT MAX(d.published_on) FROM findings AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS latest_published_on,
       whole.key AS part_of,
       (SELECT COUNT(*) FROM act_disagreements AS x WHERE x.act_id = a.id) AS disagreements,
       a.id AS act_id
FROM acts AS a
LEFT JOIN acts AS whole ON whole.id = a.part_of_id
WHERE a.kind = 'findings'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       dossier_iso_date(a.occurred_on) AS occurred_on,
       a.date_precision AS date_precision,
       (SELECT COUNT(DISTINCT f.document_id) FROM sanctions AS f WHERE f.act_id = a.id) AS documents,
       (SELECT d.slug FROM sanctions AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on, d.slug LIMIT 1) AS first_source,
       dossier_iso_date((SELECT MIN(d.published_on) FROM sanctions AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS first_published_on,
       (SELECT d.slug FROM sanctions AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on DESC, d.slug DESC LIMIT 1) AS latest_source,
       dossier_iso_date((SELECT MAX(d.published_on) FROM sanctions AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS latest_published_on,
       whole.key AS part_of,
       (SELECT COUNT(*) FROM act_disagreements AS x WHERE x.act_id = a.id) AS disagreements,
       a.id AS act_id
FROM acts AS a
LEFT JOIN acts AS whole ON whole.id = a.part_of_id
WHERE a.kind = 'sanctions'
UNION ALL
SELECT a.key AS act,
       a.kind AS kind,
       dossier_iso_date(a.occurred_on) AS occurred_on,
       a.date_precision AS date_precision,
       (SELECT COUNT(DISTINCT f.document_id) FROM demands AS f WHERE f.act_id = a.id) AS documents,
       (SELECT d.slug FROM demands AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on, d.slug LIMIT 1) AS first_source,
       dossier_iso_date((SELECT MIN(d.published_on) FROM demands AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS first_published_on,
       (SELECT d.slug FROM demands AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id ORDER BY d.published_on DESC, d.slug DESC LIMIT 1) AS latest_source,
       dossier_iso_date((SELECT MAX(d.published_on) FROM demands AS f JOIN documents AS d ON d.id = f.document_id
         WHERE f.act_id = a.id)) AS latest_published_on,
       whole.key AS part_of,
       (SELECT COUNT(*) FROM act_disagreements AS x WHERE x.act_id = a.id) AS disagreements,
       a.id AS act_id
FROM acts AS a
LEFT JOIN acts AS whole ON whole.id = a.part_of_id
WHERE a.kind = 'demands'
