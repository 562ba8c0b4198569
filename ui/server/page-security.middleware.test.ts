import { pageContentSecurityPolicy } from './page-security.middleware';

it('lets images come from the map tile host only when one is given', () => {
  expect(pageContentSecurityPolicy('n')).toContain("img-src 'self' data:;");
  expect(pageContentSecurityPolicy('n', [], ['https://tiles.example'])).toContain(
    "img-src 'self' data: https://tiles.example;",
  );
});
