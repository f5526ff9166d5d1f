import { Inject } from '@nestjs/common';
import { getSequenceToken, type DataSourceReference } from './sequence-token';

/** Injects the SequenceRepository that `SequenceModule.forFeature()` registered under this name (and DataSource). */
export const InjectSequence = (
  name: string,
  dataSource?: DataSourceReference,
): PropertyDecorator & ParameterDecorator => Inject(getSequenceToken(name, dataSource));
