SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       COALESCE(ob.name, ob.description) AS on_behalf_of,
       dossier_iso_date(st.stated_on) AS stated_on,
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
       CASE WHEN sp_state.actor_id IS NULL THEN NULL WHEN sp_state.actor_id = sp.id THEN 'state'
            WHEN sp.kind = 'person' THEN 'official' ELSE 'organ' END AS speaker_via,
       CASE WHEN ob_state.actor_id IS NULL THEN NULL WHEN ob_state.actor_id = ob.id THEN 'state'
            WHEN ob.kind = 'person' THEN 'official' ELSE 'organ' END AS on_behalf_of_via,
       CASE WHEN tg_state.actor_id IS NULL THEN NULL WHEN tg_state.actor_id = tg.id THEN 'state'
            WHEN tg.kind = 'person' THEN 'official' ELSE 'organ' END AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN states AS sp_state ON sp_state.actor_id = sp.state_id
JOIN actors AS ob ON st.on_behalf_of_id = ob.id
LEFT JOIN states AS ob_state ON ob_state.actor_id = ob.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN states AS tg_state ON tg_state.actor_id = tg.state_id
UNION ALL
SELECT st.id AS statement_id,
       d.slug AS document_slug,
       COALESCE(sp.name, sp.description) AS speaker,
       st.speaker_role AS speaker_role,
       CAST(NULL AS TEXT) AS on_behalf_of,
       dossier_iso_date(st.stated_on) AS stated_on,
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
       CASE WHEN sp_state.actor_id IS NULL THEN NULL WHEN sp_state.actor_id = sp.id THEN 'state'
            WHEN sp.kind = 'person' THEN 'official' ELSE 'organ' END AS speaker_via,
       CAST(NULL AS VARCHAR(10)) AS on_behalf_of_via,
       CASE WHEN tg_state.actor_id IS NULL THEN NULL WHEN tg_state.actor_id = tg.id THEN 'state'
            WHEN tg.kind = 'person' THEN 'official' ELSE 'organ' END AS target_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = st.act_id) AS act
FROM statements AS st
JOIN documents AS d ON d.id = st.document_id
JOIN actors AS sp ON st.speaker_id = sp.id
LEFT JOIN states AS sp_state ON sp_state.actor_id = sp.state_id
LEFT JOIN actors AS tg ON tg.id = st.target_id
LEFT JOIN states AS tg_state ON tg_state.actor_id = tg.state_id
WHERE st.on_behalf_of_id IS NULL
