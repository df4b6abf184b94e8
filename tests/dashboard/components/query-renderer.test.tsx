import { type Query, RequestError, type ResultSet } from '@cubejs-client/core';
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryRenderer } from '../../../dashboard/src/components/query-renderer';
import { cubeApi } from '../../../dashboard/src/lib/cube';
import { asCubeApiStub, resultSetOf } from '../support/cube-responses';
import { deferred } from '../support/deferred';

// --- Mocked seams ---
// jsdom cannot reach a Cube server: the one client instance is replaced, and it answers with the
// client's own ResultSet over hand-written rows. The real client and server are covered by e2e.test.ts.
vi.mock('../../../dashboard/src/lib/cube', () => ({ cubeApi: { load: vi.fn(), meta: vi.fn() } }));
const { load } = asCubeApiStub(cubeApi);

const namesQuery = (type: string): Query => ({
  dimensions: ['delayed_transfers.area_name'],
  filters: [{ member: 'delayed_transfers.area_type', operator: 'equals', values: [type] }],
});
const names = (resultSet: ResultSet) => resultSet.rawData().map((row) => String(row['delayed_transfers.area_name']));

function NamesRenderer({ query }: { query: Query }) {
  return (
    <QueryRenderer
      query={query}
      select={names}
      isEmpty={(list) => list.length === 0}
      loadingMessage="Loading councils…"
      emptyMessage="No councils."
    >
      {(list) => <p data-testid="names">{list.join(' | ')}</p>}
    </QueryRenderer>
  );
}

const counties = (...areaNames: string[]) =>
  resultSetOf(
    namesQuery('county'),
    areaNames.map((name) => ({ 'delayed_transfers.area_name': name })),
  );

describe('QueryRenderer', () => {
  beforeEach(() => {
    load.mockReset();
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('says it is loading, as a status, until Cube answers', () => {
    load.mockReturnValue(new Promise(() => {}));
    render(<NamesRenderer query={namesQuery('county')} />);

    expect(screen.getByRole('status')).toHaveTextContent('Loading councils…');
    expect(screen.queryByTestId('names')).not.toBeInTheDocument();
    expect(load).toHaveBeenCalledExactlyOnceWith(namesQuery('county'));
  });

  it('shows the selected data once it arrives', async () => {
    load.mockResolvedValue(counties('Kent', 'West Sussex'));
    render(<NamesRenderer query={namesQuery('county')} />);

    expect(await screen.findByTestId('names')).toHaveTextContent('Kent | West Sussex');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows the empty message when the selected data is empty', async () => {
    load.mockResolvedValue(counties());
    render(<NamesRenderer query={namesQuery('county')} />);

    expect(await screen.findByText('No councils.')).toBeInTheDocument();
    expect(screen.queryByTestId('names')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a failed request as an alert in words for the user, and logs the error', async () => {
    const error = new RequestError('Invalid token', {}, 403);
    load.mockRejectedValue(error);
    render(<NamesRenderer query={namesQuery('county')} />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your session has expired or is not allowed; reload the page.',
    );
    expect(console.error).toHaveBeenCalledWith(error);
  });

  it("never shows the previous query's answer while the next one loads", async () => {
    const unitaries = deferred<ResultSet>();
    load.mockResolvedValueOnce(counties('Kent')).mockReturnValueOnce(unitaries.promise);
    const { rerender } = render(<NamesRenderer query={namesQuery('county')} />);
    expect(await screen.findByTestId('names')).toHaveTextContent('Kent');

    rerender(<NamesRenderer query={namesQuery('unitary authority')} />);

    expect(screen.getByRole('status')).toHaveTextContent('Loading councils…');
    expect(screen.queryByTestId('names')).not.toBeInTheDocument();
    unitaries.resolve(counties('Bristol, City of'));
    expect(await screen.findByTestId('names')).toHaveTextContent('Bristol, City of');
    expect(load).toHaveBeenLastCalledWith(namesQuery('unitary authority'));
  });
});
