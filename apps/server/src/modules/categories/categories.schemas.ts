import { Type } from '@sinclair/typebox';

export const CategoryList = Type.Object({
  items: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
});
