// When the managed accounts were last active (rule 14's four buckets): the numbers as a
// list, and a bar chart drawn by @mantine/charts, loaded after the page is shown.
import { Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';

const LastActiveChart = lazy(() => import('./last-active-chart'));

export const LastActiveCard_LastActiveBucketsFragment = graphql(`
  fragment LastActiveCard_LastActiveBuckets on LastActiveBuckets {
    last30Days
    days30To90
    over90Days
    never
  }
`);

export interface LastActiveCardProps {
  buckets: FragmentType<typeof LastActiveCard_LastActiveBucketsFragment>;
}

export function LastActiveCard(props: LastActiveCardProps) {
  const b = useFragment(LastActiveCard_LastActiveBucketsFragment, props.buckets);
  const data = [
    { bucket: 'Last 30 days', accounts: b.last30Days },
    { bucket: '30–90 days', accounts: b.days30To90 },
    { bucket: 'Over 90 days', accounts: b.over90Days },
    { bucket: 'Never', accounts: b.never },
  ];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="last-active-title">
      <Group align="flex-start" justify="space-between" wrap="wrap" gap="lg">
        <Stack gap={6} miw={200}>
          <Title order={2} size="h4" id="last-active-title">
            Last active
          </Title>
          <Text size="xs" c="dimmed">
            When managed accounts last used any site
          </Text>
          <dl style={{ margin: 0 }}>
            {data.map((d) => (
              <Group key={d.bucket} justify="space-between" gap="xl">
                <Text component="dt" size="sm">
                  {d.bucket}
                </Text>
                <Text component="dd" size="sm" fw={600} m={0}>
                  {d.accounts}
                </Text>
              </Group>
            ))}
          </dl>
        </Stack>
        <div style={{ flex: 1, minWidth: 280 }}>
          <Suspense fallback={<Skeleton h={180} aria-label="Loading chart" />}>
            <LastActiveChart data={data} />
          </Suspense>
        </div>
      </Group>
    </Paper>
  );
}
