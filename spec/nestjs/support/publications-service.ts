import { Injectable } from '@nestjs/common';
import type { Article, BlogPost, Book } from '../../../entities';
import { InjectSequence, SequenceRepository } from '../../../src/nestjs';

export type Publication = Book | Article | BlogPost;

/** A service as an application writes one: the 'publications' sequence injected by name. */
@Injectable()
export class PublicationsService {
  constructor(@InjectSequence('publications') readonly publications: SequenceRepository<Publication>) {}
}
