import { Inject } from '@nestjs/common';
import { getSequenceToken, type DataSourceReference } from './sequence-token';

/**
 * Injects the SequenceRepository that `SequenceModule.forFeature()` registered under this name (and
 * DataSource), as `@InjectRepository()` does for a repository.
 *
 * @param name - the sequence's name, as given to `forFeature()`.
 * @param dataSource - the DataSource's name (or the DataSource / its options), for one that is not the default.
 * @returns A constructor parameter (or property) decorator.
 * @throws `InvalidArgumentError` if `name` is not a non-empty string.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class FeedService {
 *   constructor(@InjectSequence('publications') private readonly pubs: SequenceRepository<Book | Article | BlogPost>) {}
 * }
 * ```
 */
export const InjectSequence = (
  name: string,
  dataSource?: DataSourceReference,
): PropertyDecorator & ParameterDecorator => Inject(getSequenceToken(name, dataSource));
