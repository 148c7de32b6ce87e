SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       COALESCE(addressee.name, addressee.description) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dossier_iso_date(dm.stated_on) AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       addressee_state.iso_alpha3 AS addressee_iso3,
       addressee.kind AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       CASE WHEN demander_state.actor_id IS NULL THEN NULL WHEN demander_state.actor_id = demander.id THEN 'state'
            WHEN demander.kind = 'person' THEN 'official' ELSE 'organ' END AS demanded_by_via,
       CASE WHEN addressee_state.actor_id IS NULL THEN NULL WHEN addressee_state.actor_id = addressee.id THEN 'state'
            WHEN addressee.kind = 'person' THEN 'official' ELSE 'organ' END AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
LEFT JOIN states AS demander_state ON demander_state.actor_id = demander.state_id
JOIN actors AS addressee ON dm.addressee_id = addressee.id
LEFT JOIN states AS addressee_state ON addressee_state.actor_id = addressee.state_id
UNION ALL
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       CAST(NULL AS TEXT) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dossier_iso_date(dm.stated_on) AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       CAST(NULL AS VARCHAR(3)) AS addressee_iso3,
       CAST(NULL AS VARCHAR(20)) AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       CASE WHEN demander_state.actor_id IS NULL THEN NULL WHEN demander_state.actor_id = demander.id THEN 'state'
            WHEN demander.kind = 'person' THEN 'official' ELSE 'organ' END AS demanded_by_via,
       CAST(NULL AS VARCHAR(10)) AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
LEFT JOIN states AS demander_state ON demander_state.actor_id = demander.state_id
WHERE dm.addressee_id IS NULL
