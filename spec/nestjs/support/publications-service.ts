import { Injectable } from '@nestjs/common';
import type { Article, BlogPost, Book } from '../../../entities';
import { InjectSequence, SequenceModule, SequenceRepository } from '../../../src/nestjs';
import { seed } from '../../support/seed';
import type { NestContext, NestSetup } from './nest-database';

export type Publication = Book | Article | BlogPost;

/** A service as an application writes one: the 'publications' sequence injected by name. */
@Injectable()
export class PublicationsService {
  constructor(@InjectSequence('publications') readonly publications: SequenceRepository<Publication>) {}
}

/** The usual setup: SequenceModule.forFeature(['publications']), this service, the shared fixture seeded. */
export const SEEDED_PUBLICATIONS: NestSetup = {
  metadata: () => ({
    imports: [SequenceModule.forFeature(['publications'])],
    providers: [PublicationsService],
  }),
  prepare: ({ db }) => seed(db),
};

/** The injected 'publications' repository of a compiled module. */
export const publicationsOf = (context: NestContext): SequenceRepository<Publication> =>
  context.module.get(PublicationsService).publications;
