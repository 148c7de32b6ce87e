SELECT COALESCE(a.name, a.description) AS state,
       s.iso_alpha3 AS iso3,
       (SELECT COUNT(DISTINCT x.id) FROM (
            SELECT st.act_id AS id FROM statements AS st
             WHERE st.speaker_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))
            UNION ALL
            SELECT st.act_id AS id FROM statements AS st
             WHERE st.on_behalf_of_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))) AS x) AS statements,
       (SELECT COUNT(DISTINCT dm.act_id) FROM demands AS dm
         WHERE dm.demanded_by_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))) AS demands_made,
       (SELECT COUNT(DISTINCT dm.act_id) FROM demands AS dm
         WHERE dm.addressee_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))) AS demands_received,
       (SELECT COUNT(DISTINCT sn.act_id) FROM sanctions AS sn
         WHERE sn.authority_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))
           AND sn.act_id NOT IN (SELECT part.part_of_id FROM acts AS part WHERE part.part_of_id IS NOT NULL)) AS sanctions_imposed,
       (SELECT COUNT(DISTINCT x.id) FROM (
            SELECT sn.act_id AS id FROM sanctions AS sn
             WHERE sn.target_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))
               AND sn.act_id NOT IN (SELECT part.part_of_id FROM acts AS part WHERE part.part_of_id IS NOT NULL)
            UNION ALL
            SELECT piece.id AS id FROM acts AS piece
              JOIN sanctions AS sn ON sn.act_id = piece.part_of_id
              JOIN actor_states AS m ON m.actor_id = sn.target_id
             WHERE piece.part_of_id IS NOT NULL
               AND m.state_id = s.actor_id AND m.via = 'organ') AS x) AS sanctions_received,
       (SELECT COUNT(DISTINCT x.id) FROM (
            SELECT e.id AS id FROM events AS e
             WHERE e.location_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))
            UNION ALL
            SELECT p.event_id AS id FROM event_participants AS p
             WHERE p.actor_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))) AS x) AS events,
       s.iso_alpha2 AS iso2,
       (SELECT COUNT(DISTINCT sn.target_id) FROM sanctions AS sn
         WHERE sn.authority_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))
           AND sn.act_id NOT IN (SELECT part.part_of_id FROM acts AS part WHERE part.part_of_id IS NOT NULL)) AS targets_sanctioned,
       (SELECT COUNT(DISTINCT sn.target_id) FROM sanctions AS sn
         JOIN actors AS t ON t.id = sn.target_id
         WHERE sn.authority_id = ANY (ARRAY(SELECT m.actor_id FROM actor_states AS m WHERE m.state_id = s.actor_id))
           AND t.kind = 'person'
           AND sn.act_id NOT IN (SELECT part.part_of_id FROM acts AS part WHERE part.part_of_id IS NOT NULL)) AS persons_sanctioned
FROM states AS s
JOIN actors AS a ON a.id = s.actor_id
WHERE EXISTS (SELECT 1 FROM actor_states AS m
              WHERE m.state_id = s.actor_id
                AND (EXISTS (SELECT 1 FROM statements AS st WHERE st.speaker_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM statements AS st WHERE st.on_behalf_of_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM demands AS dm WHERE dm.demanded_by_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM demands AS dm WHERE dm.addressee_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM sanctions AS sn WHERE sn.authority_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM sanctions AS sn WHERE sn.target_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM events AS e WHERE e.location_id = m.actor_id)
                     OR EXISTS (SELECT 1 FROM event_participants AS p WHERE p.actor_id = m.actor_id)))
