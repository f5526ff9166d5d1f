import { MoreThan } from 'typeorm';
import { describeShape } from './describe-shape';
import { Podcast, Video } from './entities/embedded';

const stats = [
  { views: 10, likes: 1 },
  { views: 3, likes: null },
  { views: 10, likes: 4 },
  { views: 7, likes: 1 },
];

describeShape({
  title: 'embedded columns (@Column(() => Stats), with and without a prefix)',
  model: () => ({
    entities: [Video, Podcast],
    members: [
      { target: Video, name: 'Video' },
      { target: Podcast, name: 'Podcast' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(Video).insert(stats.map((s, i) => ({ id: i + 1, stats: s })));
    await ds.getRepository(Podcast).insert(stats.slice(1).map((s, i) => ({ id: i + 1, stats: s })));
  },
  fields: ['stats.views', 'stats.likes'],
  filter: { stats: { views: MoreThan(5) } },
  update: { stats: { likes: 0 } },
});
