import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/errors';
import { renderWithProviders } from '../../test/render';
import { LoginForm } from './login-form';

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByLabelText(/^email/i, { selector: 'input' }), email);
  if (password) await user.type(screen.getByLabelText(/^password/i, { selector: 'input' }), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm', () => {
  it('sends the email, trimmed, and the password', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit(' admin@acme.test ', 'secret pass');
    expect(onSubmit).toHaveBeenCalledWith('admin@acme.test', 'secret pass');
  });

  it('asks for both fields before sending anything', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit('', '');
    expect(screen.getByText('Enter your email')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says the email is not an address', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit('admin', 'x');
    expect(screen.getByText('Enter a valid email address')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says the email or password is wrong when the server answers UNAUTHENTICATED', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ApiError('UNAUTHENTICATED', 'wrong email or password', 401));
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit('admin@acme.test', 'nope');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not sign in');
    expect(alert).toHaveTextContent('Wrong email or password.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('asks to wait when sign-in is rate limited', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ApiError('RATE_LIMITED', 'too many attempts', 429));
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit('admin@acme.test', 'nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wait a minute and try again');
  });

  it('says the server cannot be reached when the request fails', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit('admin@acme.test', 'pw');
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('clears the previous error when trying again', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError('UNAUTHENTICATED', 'wrong email or password', 401))
      .mockReturnValueOnce(new Promise(() => {}));
    renderWithProviders(<LoginForm onSubmit={onSubmit} />);
    await fillAndSubmit('admin@acme.test', 'nope');
    await screen.findByRole('alert');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });
});
