// The bar chart of the last-active buckets. Loaded on demand (see last-active-card.tsx)
// so that the chart library (recharts) is not part of the initial JavaScript.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';

export interface LastActiveChartProps {
  data: { bucket: string; accounts: number }[];
}

export default function LastActiveChart({ data }: LastActiveChartProps) {
  return (
    <BarChart
      h={180}
      data={data}
      dataKey="bucket"
      series={[{ name: 'accounts', label: 'Accounts', color: 'blue.6' }]}
      tickLine="y"
      withBarValueLabel
      barChartProps={{ accessibilityLayer: false }}
      aria-hidden
    />
  );
}
