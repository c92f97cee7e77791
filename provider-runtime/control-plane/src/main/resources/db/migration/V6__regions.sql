-- Resources are per region, as in AWS: a cluster or task definition family name may be taken once in
-- each region. The keys that held a bare name now hold the ARN, which names the region:
-- clusters by ARN; services, tasks and container instances scoped by their cluster's ARN; task
-- definitions by ARN, scoped by their family's ARN (the ARN without ':REVISION').
UPDATE clusters SET id = json_extract(body, '$.clusterArn');
UPDATE services SET scope = json_extract(body, '$.clusterArn');
UPDATE tasks SET scope = json_extract(body, '$.clusterArn');
UPDATE container_instances SET scope = json_extract(body, '$.clusterArn');
UPDATE task_definitions SET
    id = json_extract(body, '$.taskDefinitionArn'),
    scope = substr(
        json_extract(body, '$.taskDefinitionArn'),
        1,
        length(json_extract(body, '$.taskDefinitionArn'))
            - length(CAST(json_extract(body, '$.revision') AS TEXT)) - 1);
