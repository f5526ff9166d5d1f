export { Publisher } from './publisher';
export { Author } from './author';
export { Tag } from './tag';
export { Book } from './book';
export { Article } from './article';
export { BlogPost } from './blog-post';
export { User } from './user';
export { Category } from './category';
export { Story } from './story';
export { Medium } from './medium';
export { Photo } from './photo';
export { Video } from './video';
export { Sketch } from './sketch';

import { Article } from './article';
import { Author } from './author';
import { BlogPost } from './blog-post';
import { Book } from './book';
import { Publisher } from './publisher';
import { Tag } from './tag';
import { User } from './user';
import { Category } from './category';
import { Story } from './story';
import { Medium } from './medium';
import { Photo } from './photo';
import { Video } from './video';
import { Sketch } from './sketch';

export const ALL_ENTITIES = [
  Publisher,
  Author,
  Tag,
  Book,
  Article,
  BlogPost,
  User,
  Category,
  Story,
  Medium,
  Photo,
  Video,
  Sketch,
];
