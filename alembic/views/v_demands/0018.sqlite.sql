SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       COALESCE(addressee.name, addressee.description) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dm.stated_on AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       addressee_state.iso_alpha3 AS addressee_iso3,
       addressee.kind AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       demander_in.via AS demanded_by_via,
       addressee_in.via AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
JOIN actor_states AS demander_in ON demander_in.actor_id = dm.demanded_by_id AND demander_in.sole
JOIN states AS demander_state ON demander_state.actor_id = demander_in.state_id
JOIN actors AS addressee ON dm.addressee_id = addressee.id
JOIN actor_states AS addressee_in ON addressee_in.actor_id = dm.addressee_id AND addressee_in.sole
JOIN states AS addressee_state ON addressee_state.actor_id = addressee_in.state_id
UNION ALL
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       COALESCE(addressee.name, addressee.description) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dm.stated_on AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       CAST(NULL AS VARCHAR(3)) AS addressee_iso3,
       addressee.kind AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       demander_in.via AS demanded_by_via,
       CAST(NULL AS VARCHAR(10)) AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
JOIN actor_states AS demander_in ON demander_in.actor_id = dm.demanded_by_id AND demander_in.sole
JOIN states AS demander_state ON demander_state.actor_id = demander_in.state_id
JOIN actors AS addressee ON dm.addressee_id = addressee.id
LEFT JOIN actor_states AS addressee_in ON addressee_in.actor_id = dm.addressee_id AND addressee_in.sole
WHERE addressee_in.actor_id IS NULL
UNION ALL
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       CAST(NULL AS VARCHAR(3)) AS demanded_by_iso3,
       COALESCE(addressee.name, addressee.description) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dm.stated_on AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       addressee_state.iso_alpha3 AS addressee_iso3,
       addressee.kind AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       CAST(NULL AS VARCHAR(10)) AS demanded_by_via,
       addressee_in.via AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
LEFT JOIN actor_states AS demander_in ON demander_in.actor_id = dm.demanded_by_id AND demander_in.sole
JOIN actors AS addressee ON dm.addressee_id = addressee.id
JOIN actor_states AS addressee_in ON addressee_in.actor_id = dm.addressee_id AND addressee_in.sole
JOIN states AS addressee_state ON addressee_state.actor_id = addressee_in.state_id
WHERE demander_in.actor_id IS NULL
UNION ALL
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       CAST(NULL AS VARCHAR(3)) AS demanded_by_iso3,
       COALESCE(addressee.name, addressee.description) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dm.stated_on AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       CAST(NULL AS VARCHAR(3)) AS addressee_iso3,
       addressee.kind AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       CAST(NULL AS VARCHAR(10)) AS demanded_by_via,
       CAST(NULL AS VARCHAR(10)) AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
LEFT JOIN actor_states AS demander_in ON demander_in.actor_id = dm.demanded_by_id AND demander_in.sole
JOIN actors AS addressee ON dm.addressee_id = addressee.id
LEFT JOIN actor_states AS addressee_in ON addressee_in.actor_id = dm.addressee_id AND addressee_in.sole
WHERE demander_in.actor_id IS NULL
  AND addressee_in.actor_id IS NULL
UNION ALL
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       demander_state.iso_alpha3 AS demanded_by_iso3,
       CAST(NULL AS TEXT) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dm.stated_on AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       CAST(NULL AS VARCHAR(3)) AS addressee_iso3,
       CAST(NULL AS VARCHAR(20)) AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       demander_in.via AS demanded_by_via,
       CAST(NULL AS VARCHAR(10)) AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
JOIN actor_states AS demander_in ON demander_in.actor_id = dm.demanded_by_id AND demander_in.sole
JOIN states AS demander_state ON demander_state.actor_id = demander_in.state_id
WHERE +dm.addressee_id IS NULL
UNION ALL
SELECT dm.id AS demand_id,
       d.slug AS document_slug,
       COALESCE(demander.name, demander.description) AS demanded_by,
       CAST(NULL AS VARCHAR(3)) AS demanded_by_iso3,
       CAST(NULL AS TEXT) AS addressee,
       dm.text AS demand,
       dm.cameo_code AS cameo_code,
       dm.stated_on AS stated_on,
       dm.date_precision AS date_precision,
       dm.quote AS quote,
       CAST(NULL AS VARCHAR(3)) AS addressee_iso3,
       CAST(NULL AS VARCHAR(20)) AS addressee_kind,
       dm.statement_id AS statement_id,
       dm.key AS demand_key,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = dm.cameo_code) AS cameo_label,
       CASE substr(dm.cameo_code, 1, 2) WHEN '02' THEN 'appeal' WHEN '10' THEN 'demand'
            ELSE 'other' END AS demand_kind,
       CAST(NULL AS VARCHAR(10)) AS demanded_by_via,
       CAST(NULL AS VARCHAR(10)) AS addressee_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = dm.act_id) AS act
FROM demands AS dm
JOIN documents AS d ON d.id = dm.document_id
JOIN actors AS demander ON dm.demanded_by_id = demander.id
LEFT JOIN actor_states AS demander_in ON demander_in.actor_id = dm.demanded_by_id AND demander_in.sole
WHERE +dm.addressee_id IS NULL
  AND demander_in.actor_id IS NULL
