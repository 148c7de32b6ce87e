SELECT r.id AS relation_id,
       d.slug AS document_slug,
       COALESCE(subj.name, subj.description) AS subject,
       subj.kind AS subject_kind,
       subj_state.iso_alpha3 AS subject_iso3,
       r.relation AS relation,
       r.role AS role,
       COALESCE(obj.name, obj.description) AS object,
       obj.kind AS object_kind,
       obj_state.iso_alpha3 AS object_iso3,
       r.started_on AS started_on,
       r.started_precision AS started_precision,
       r.ended_on AS ended_on,
       r.ended_precision AS ended_precision,
       r.quote AS quote,
       r.key AS relation_key,
       subj.key AS subject_key,
       obj.key AS object_key,
       subj_in.via AS subject_via,
       obj_in.via AS object_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = r.act_id) AS act
FROM actor_relations AS r
JOIN documents AS d ON d.id = r.document_id
JOIN actors AS subj ON r.subject_id = subj.id
JOIN actor_states AS subj_in ON subj_in.actor_id = r.subject_id AND subj_in.sole
JOIN states AS subj_state ON subj_state.actor_id = subj_in.state_id
JOIN actors AS obj ON r.object_id = obj.id
JOIN actor_states AS obj_in ON obj_in.actor_id = r.object_id AND obj_in.sole
JOIN states AS obj_state ON obj_state.actor_id = obj_in.state_id
UNION ALL
SELECT r.id AS relation_id,
       d.slug AS document_slug,
       COALESCE(subj.name, subj.description) AS subject,
       subj.kind AS subject_kind,
       subj_state.iso_alpha3 AS subject_iso3,
       r.relation AS relation,
       r.role AS role,
       COALESCE(obj.name, obj.description) AS object,
       obj.kind AS object_kind,
       CAST(NULL AS VARCHAR(3)) AS object_iso3,
       r.started_on AS started_on,
       r.started_precision AS started_precision,
       r.ended_on AS ended_on,
       r.ended_precision AS ended_precision,
       r.quote AS quote,
       r.key AS relation_key,
       subj.key AS subject_key,
       obj.key AS object_key,
       subj_in.via AS subject_via,
       CAST(NULL AS VARCHAR(10)) AS object_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = r.act_id) AS act
FROM actor_relations AS r
JOIN documents AS d ON d.id = r.document_id
JOIN actors AS subj ON r.subject_id = subj.id
JOIN actor_states AS subj_in ON subj_in.actor_id = r.subject_id AND subj_in.sole
JOIN states AS subj_state ON subj_state.actor_id = subj_in.state_id
JOIN actors AS obj ON r.object_id = obj.id
LEFT JOIN actor_states AS obj_in ON obj_in.actor_id = r.object_id AND obj_in.sole
WHERE obj_in.actor_id IS NULL
UNION ALL
SELECT r.id AS relation_id,
       d.slug AS document_slug,
       COALESCE(subj.name, subj.description) AS subject,
       subj.kind AS subject_kind,
       CAST(NULL AS VARCHAR(3)) AS subject_iso3,
       r.relation AS relation,
       r.role AS role,
       COALESCE(obj.name, obj.description) AS object,
       obj.kind AS object_kind,
       obj_state.iso_alpha3 AS object_iso3,
       r.started_on AS started_on,
       r.started_precision AS started_precision,
       r.ended_on AS ended_on,
       r.ended_precision AS ended_precision,
       r.quote AS quote,
       r.key AS relation_key,
       subj.key AS subject_key,
       obj.key AS object_key,
       CAST(NULL AS VARCHAR(10)) AS subject_via,
       obj_in.via AS object_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = r.act_id) AS act
FROM actor_relations AS r
JOIN documents AS d ON d.id = r.document_id
JOIN actors AS subj ON r.subject_id = subj.id
LEFT JOIN actor_states AS subj_in ON subj_in.actor_id = r.subject_id AND subj_in.sole
JOIN actors AS obj ON r.object_id = obj.id
JOIN actor_states AS obj_in ON obj_in.actor_id = r.object_id AND obj_in.sole
JOIN states AS obj_state ON obj_state.actor_id = obj_in.state_id
WHERE subj_in.actor_id IS NULL
UNION ALL
SELECT r.id AS relation_id,
       d.slug AS document_slug,
       COALESCE(subj.name, subj.description) AS subject,
       subj.kind AS subject_kind,
       CAST(NULL AS VARCHAR(3)) AS subject_iso3,
       r.relation AS relation,
       r.role AS role,
       COALESCE(obj.name, obj.description) AS object,
       obj.kind AS object_kind,
       CAST(NULL AS VARCHAR(3)) AS object_iso3,
       r.started_on AS started_on,
       r.started_precision AS started_precision,
       r.ended_on AS ended_on,
       r.ended_precision AS ended_precision,
       r.quote AS quote,
       r.key AS relation_key,
       subj.key AS subject_key,
       obj.key AS object_key,
       CAST(NULL AS VARCHAR(10)) AS subject_via,
       CAST(NULL AS VARCHAR(10)) AS object_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = r.act_id) AS act
FROM actor_relations AS r
JOIN documents AS d ON d.id = r.document_id
JOIN actors AS subj ON r.subject_id = subj.id
LEFT JOIN actor_states AS subj_in ON subj_in.actor_id = r.subject_id AND subj_in.sole
JOIN actors AS obj ON r.object_id = obj.id
LEFT JOIN actor_states AS obj_in ON obj_in.actor_id = r.object_id AND obj_in.sole
WHERE subj_in.actor_id IS NULL
  AND obj_in.actor_id IS NULL
