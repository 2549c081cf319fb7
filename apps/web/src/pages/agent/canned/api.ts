import { CannedResponse, Signature, TicketCannedResponses } from '@centrala/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend, unwrap } from '../../../api';

export const cannedQueryKeys = {
  /** Every canned-response query: a change to one response refreshes the page's list and each ticket's picker. */
  all: ['agent', 'canned-responses'],
  list: ['agent', 'canned-responses', 'list'],
  forTicket: (reference: string) => ['agent', 'canned-responses', 'ticket', reference] as const,
  signature: ['agent', 'signature'],
} as const;

/** The responses the agent may use: their own and the shared ones. */
export function useCannedResponses() {
  return useQuery({
    queryKey: cannedQueryKeys.list,
    queryFn: () => apiGet('/api/agent/canned-responses', unwrap('responses', CannedResponse.array())),
  });
}

/** The same, each filled in for one ticket, the customer's language first. */
export function useTicketCannedResponses(reference: string) {
  return useQuery({
    queryKey: cannedQueryKeys.forTicket(reference),
    queryFn: () => apiGet(`/api/agent/tickets/${encodeURIComponent(reference)}/canned-responses`, TicketCannedResponses),
    // Responses change rarely; a minute of reuse spares a request each time the picker opens.
    staleTime: 60_000,
  });
}

export function useSignature() {
  return useQuery({
    queryKey: cannedQueryKeys.signature,
    queryFn: async () => (await apiGet('/api/agent/signature', Signature)).signature,
    staleTime: 5 * 60_000,
  });
}

export function useSaveSignature() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (signature: string) => apiSend('PUT', '/api/agent/signature', { signature }, Signature),
    onSuccess: (saved) => queryClient.setQueryData(cannedQueryKeys.signature, saved.signature),
  });
}
