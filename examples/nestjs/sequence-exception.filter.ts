import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EntityNotFoundError } from 'typeorm';
import { InvalidCursorError } from 'typeorm-query-sequence';

/** A bad cursor is the client's mistake (400); a missing entity is a 404, as for a single-entity repository. */
@Catch(InvalidCursorError, EntityNotFoundError)
export class SequenceExceptionFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: InvalidCursorError | EntityNotFoundError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const notFound = error instanceof EntityNotFoundError;
    const statusCode = notFound ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
    const body = {
      statusCode,
      error: notFound ? 'Not Found' : 'Bad Request',
      // EntityNotFoundError's message lists the query's criteria: not for clients.
      message: notFound ? 'No such publication.' : error.message,
    };
    httpAdapter.reply(host.switchToHttp().getResponse(), body, statusCode);
  }
}
