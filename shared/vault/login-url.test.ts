import { describe, expect, it } from 'vitest';
import { loginUrlHost, loginUrlProblem, normalizeLoginUrl } from './login-url';

describe('login URLs', () => {
  it('accepts http and https and reads the host', () => {
    expect(loginUrlProblem('https://accounts.example.com/login')).toBeNull();
    expect(loginUrlProblem('http://intranet.local:8080/')).toBeNull();
    expect(loginUrlHost('https://Accounts.Example.COM/login')).toBe('accounts.example.com');
  });

  it('adds https:// to a bare host a person typed, keeping a port', () => {
    expect(normalizeLoginUrl(' example.com/login ')).toBe('https://example.com/login');
    expect(normalizeLoginUrl('localhost:3000')).toBe('https://localhost:3000/');
    expect(normalizeLoginUrl('http://Example.com')).toBe('http://example.com/');
  });

  it('refuses other schemes, credentials in the URL and junk', () => {
    expect(loginUrlProblem(normalizeLoginUrl('javascript:alert(1)'))).toMatch(/http or https/);
    expect(loginUrlProblem('data:text/html,hi')).toMatch(/http or https/);
    expect(loginUrlProblem('file:///etc/passwd')).toMatch(/http or https/);
    expect(loginUrlProblem('https://user:pw@example.com/')).toMatch(/user name or password/);
    expect(loginUrlProblem('https://')).toMatch(/not a URL/);
    expect(loginUrlProblem('')).toMatch(/1\.\.2048/);
    expect(loginUrlProblem(`https://example.com/${'a'.repeat(2048)}`)).toMatch(/1\.\.2048/);
  });
});
