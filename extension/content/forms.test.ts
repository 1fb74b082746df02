// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { captureOf } from './capture';
import { classifyField } from './fields';
import { findForms } from './forms';
import { watchForInputs } from './watch';

afterEach(() => {
  document.body.innerHTML = '';
});

function html(markup: string): void {
  document.body.innerHTML = markup;
}

describe('classifyField', () => {
  it('reads autocomplete tokens first, then type, then name, id and label', () => {
    html(`
      <input id="a" autocomplete="username">
      <input id="b" type="password" autocomplete="new-password">
      <input id="c" type="password" name="old_pass">
      <input id="d" type="email">
      <label for="e">User name</label><input id="e">
      <input id="f" type="search" name="user">
      <input id="g" autocomplete="one-time-code" name="login">
      <input id="h" name="comment">`);
    const role = (id: string) => classifyField(document.getElementById(id) as HTMLInputElement);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(role)).toEqual(['username', 'new-password', 'current-password', 'username', 'username', null, null, null]);
  });
});

describe('findForms', () => {
  it('tells sign-in, first and second steps, sign-up and change forms apart', () => {
    html(`
      <form id="login"><input type="email"><input type="password"></form>
      <form id="step1"><input autocomplete="username"></form>
      <form id="step2"><input type="password"></form>
      <form id="signup"><input type="email"><input type="password" autocomplete="new-password"><input type="password" name="confirm"></form>
      <form id="change"><input type="password" autocomplete="current-password"><input type="password" autocomplete="new-password"><input type="password" autocomplete="new-password"></form>
      <form id="search"><input type="search" name="q"></form>`);
    expect(findForms(document).map((f) => [f.form?.id, f.kind])).toEqual([
      ['login', 'login'],
      ['step1', 'username-step'],
      ['step2', 'password-step'],
      ['signup', 'signup'],
      ['change', 'change'],
    ]);
  });

  it('groups fields without a form element and finds fields in open shadow roots', () => {
    html('<div><input name="login"><input type="password"></div><div id="host"></div>');
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<form><input type="email"><input type="password"></form>';
    const forms = findForms(document);
    expect(forms.map((f) => f.kind)).toEqual(['login', 'login']);
    expect(forms[0]?.form).toBeNull();
    expect(forms[1]?.password?.getRootNode()).toBe(shadow);
  });
});

describe('captureOf', () => {
  it('takes a sign-up’s new password only when the confirmation agrees', () => {
    html('<form><input type="email" value="c@x"><input type="password" autocomplete="new-password" value="one"><input type="password" autocomplete="new-password" value="two"></form>');
    const [form] = findForms(document);
    expect(captureOf(form!)).toBeNull();
    form!.newPasswords[1]!.value = 'one';
    expect(captureOf(form!)).toEqual({ kind: 'signup', username: 'c@x', password: 'one' });
  });
});

describe('watchForInputs', () => {
  it('notices a login form added later, scanning only what was added', async () => {
    let calls = 0;
    const watcher = watchForInputs(document, () => calls++, 10);
    const box = document.createElement('div');
    box.innerHTML = '<form><input type="email"><input type="password"></form>';
    document.body.append(box);
    document.body.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    expect(watcher.inputs.size).toBe(2);
    document.body.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    watcher.stop();
  });
});
