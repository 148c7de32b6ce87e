SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       ob_state.iso_alpha3 AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       tg_state.iso_alpha3 AS target_iso3,
       sp_in.via AS speaker_via,
       ob_in.via AS on_behalf_of_via,
       tg_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN states AS sp_state ON sp_state.actor_id = sp_in.state_id
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
JOIN states AS ob_state ON ob_state.actor_id = ob_in.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
JOIN states AS tg_state ON tg_state.actor_id = tg_in.state_id
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       ob_state.iso_alpha3 AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       sp_in.via AS speaker_via,
       ob_in.via AS on_behalf_of_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN states AS sp_state ON sp_state.actor_id = sp_in.state_id
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
JOIN states AS ob_state ON ob_state.actor_id = ob_in.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
WHERE tg_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       tg_state.iso_alpha3 AS target_iso3,
       sp_in.via AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       tg_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN states AS sp_state ON sp_state.actor_id = sp_in.state_id
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
LEFT JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
LEFT JOIN actors AS tg ON tg.id = st.target_id
JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
JOIN states AS tg_state ON tg_state.actor_id = tg_in.state_id
WHERE ob_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       sp_in.via AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN states AS sp_state ON sp_state.actor_id = sp_in.state_id
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
LEFT JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
WHERE ob_in.actor_id IS NULL
  AND tg_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       CAST(NULL AS VARCHAR(3)) AS speaker_iso3,
       ob_state.iso_alpha3 AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       tg_state.iso_alpha3 AS target_iso3,
       CAST(NULL AS VARCHAR(10)) AS speaker_via,
       ob_in.via AS on_behalf_of_via,
       tg_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
JOIN states AS ob_state ON ob_state.actor_id = ob_in.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
JOIN states AS tg_state ON tg_state.actor_id = tg_in.state_id
WHERE sp_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       CAST(NULL AS VARCHAR(3)) AS speaker_iso3,
       ob_state.iso_alpha3 AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       CAST(NULL AS VARCHAR(10)) AS speaker_via,
       ob_in.via AS on_behalf_of_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
JOIN states AS ob_state ON ob_state.actor_id = ob_in.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
WHERE sp_in.actor_id IS NULL
  AND tg_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       CAST(NULL AS VARCHAR(3)) AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       tg_state.iso_alpha3 AS target_iso3,
       CAST(NULL AS VARCHAR(10)) AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       tg_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
LEFT JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
LEFT JOIN actors AS tg ON tg.id = st.target_id
JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
JOIN states AS tg_state ON tg_state.actor_id = tg_in.state_id
WHERE sp_in.actor_id IS NULL
  AND ob_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       CAST(NULL AS VARCHAR(3)) AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       CAST(NULL AS VARCHAR(10)) AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
LEFT JOIN actor_states AS ob_in ON ob_in.actor_id = st.on_behalf_of_id AND ob_in.sole
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
WHERE sp_in.actor_id IS NULL
  AND ob_in.actor_id IS NULL
  AND tg_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       CAST(NULL AS TEXT) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       tg_state.iso_alpha3 AS target_iso3,
       sp_in.via AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       tg_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN states AS sp_state ON sp_state.actor_id = sp_in.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
JOIN states AS tg_state ON tg_state.actor_id = tg_in.state_id
WHERE +st.on_behalf_of_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       CAST(NULL AS TEXT) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       sp_state.iso_alpha3 AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       sp_in.via AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
JOIN states AS sp_state ON sp_state.actor_id = sp_in.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
WHERE +st.on_behalf_of_id IS NULL
  AND tg_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       CAST(NULL AS TEXT) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       CAST(NULL AS VARCHAR(3)) AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       tg_state.iso_alpha3 AS target_iso3,
       CAST(NULL AS VARCHAR(10)) AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       tg_in.via AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
LEFT JOIN actors AS tg ON tg.id = st.target_id
JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
JOIN states AS tg_state ON tg_state.actor_id = tg_in.state_id
WHERE +st.on_behalf_of_id IS NULL
  AND sp_in.actor_id IS NULL
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       CAST(NULL AS TEXT) AS on_behalf_of,
       st.stated_on AS stated_on,
       st.date_precision AS date_precision,
       st.text AS text,
       st.cameo_code AS cameo_code,
       st.statement_type AS statement_type,
       sp.kind AS speaker_kind,
       CAST(NULL AS VARCHAR(3)) AS speaker_iso3,
       CAST(NULL AS VARCHAR(3)) AS on_behalf_of_iso3,
       st.key AS statement_key,
       st.quote AS quote,
       (SELECT c.label FROM cameo_codes AS c WHERE c.code = st.cameo_code) AS cameo_label,
       COALESCE(tg.name, tg.description) AS target,
       tg.kind AS target_kind,
       CAST(NULL AS VARCHAR(3)) AS target_iso3,
       CAST(NULL AS VARCHAR(10)) AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       CAST(NULL AS VARCHAR(10)) AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN actor_states AS sp_in ON sp_in.actor_id = st.speaker_id AND sp_in.sole
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN actor_states AS tg_in ON tg_in.actor_id = st.target_id AND tg_in.sole
WHERE +st.on_behalf_of_id IS NULL
  AND sp_in.actor_id IS NULL
  AND tg_in.actor_id IS NULL
