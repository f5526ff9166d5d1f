export { Publisher } from './publisher';
export { Author } from './author';
export { Tag } from './tag';
export { Book } from './book';
export { Article } from './article';
export { BlogPost } from './blog-post';

import { Article } from './article';
import { Author } from './author';
import { BlogPost } from './blog-post';
import { Book } from './book';
import { Publisher } from './publisher';
import { Tag } from './tag';

export const ALL_ENTITIES = [Publisher, Author, Tag, Book, Article, BlogPost];
