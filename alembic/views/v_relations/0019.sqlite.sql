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
       CASE WHEN subj_state.actor_id IS NULL THEN NULL WHEN subj_state.actor_id = subj.id THEN 'state'
            WHEN subj.kind = 'person' THEN 'official' ELSE 'organ' END AS subject_via,
       CASE WHEN obj_state.actor_id IS NULL THEN NULL WHEN obj_state.actor_id = obj.id THEN 'state'
            WHEN obj.kind = 'person' THEN 'official' ELSE 'organ' END AS object_via,
       (SELECT ac.key FROM acts AS ac WHERE ac.id = r.act_id) AS act
FROM actor_relations AS r
JOIN documents AS d ON d.id = r.document_id
JOIN actors AS subj ON r.subject_id = subj.id
LEFT JOIN states AS subj_state ON subj_state.actor_id = subj.state_id
JOIN actors AS obj ON r.object_id = obj.id
LEFT JOIN states AS obj_state ON obj_state.actor_id = obj.state_id
