SELECT COALESCE(a.name, a.description) AS state,
       s.iso_alpha3 AS iso3,
       (SELECT COUNT(DISTINCT st.act_id) FROM statements AS st
         WHERE st.speaker_id = s.actor_id OR st.on_behalf_of_id = s.actor_id) AS statements,
       (SELECT COUNT(DISTINCT dm.act_id) FROM demands AS dm
         WHERE dm.demanded_by_id = s.actor_id) AS demands_made,
       (SELECT COUNT(DISTINCT dm.act_id) FROM demands AS dm
         WHERE dm.addressee_id = s.actor_id) AS demands_received,
       (SELECT COUNT(DISTINCT sn.act_id) FROM sanctions AS sn
         WHERE sn.authority_id = s.actor_id
           AND NOT EXISTS (SELECT 1 FROM acts AS part WHERE part.part_of_id = sn.act_id))
         AS sanctions_imposed,
       (SELECT COUNT(DISTINCT sn.act_id) FROM sanctions AS sn
         WHERE sn.target_id = s.actor_id) AS sanctions_received,
       (SELECT COUNT(*) FROM events AS e WHERE e.location_id = s.actor_id)
       + (SELECT COUNT(DISTINCT p.event_id) FROM event_participants AS p
           WHERE p.actor_id = s.actor_id
             AND NOT EXISTS (SELECT 1 FROM events AS e
                              WHERE e.id = p.event_id AND e.location_id = s.actor_id)) AS events,
       s.iso_alpha2 AS iso2
FROM states AS s
JOIN actors AS a ON a.id = s.actor_id
WHERE EXISTS (SELECT 1 FROM statements AS st WHERE st.speaker_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM statements AS st WHERE st.on_behalf_of_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM demands AS dm WHERE dm.demanded_by_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM demands AS dm WHERE dm.addressee_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM sanctions AS sn WHERE sn.authority_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM sanctions AS sn WHERE sn.target_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM events AS e WHERE e.location_id = s.actor_id)
   OR EXISTS (SELECT 1 FROM event_participants AS p WHERE p.actor_id = s.actor_id)
