import { MoreThanOrEqual } from 'typeorm';
import { describeShape } from './describe-shape';
import { Clip, Content, Note } from './entities/inheritance';

describeShape({
  title: 'single-table inheritance children (@TableInheritance / @ChildEntity)',
  model: () => ({
    entities: [Content, Note, Clip],
    members: [
      { target: Note, name: 'Note' },
      { target: Clip, name: 'Clip' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(Note).insert([
      { id: 1, score: 5, body: 'a' },
      { id: 4, score: null, body: null },
      { id: 5, score: 2, body: 'b' },
      { id: 7, score: 5, body: 'c' },
    ]);
    await ds.getRepository(Clip).insert([
      { id: 2, score: 2, seconds: 30 },
      { id: 3, score: 5, seconds: null },
      { id: 6, score: null, seconds: 12 },
    ]);
  },
  fields: ['score'],
  filter: { score: MoreThanOrEqual(5) },
  update: { score: 1 },
});
