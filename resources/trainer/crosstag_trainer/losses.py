"""The MTMT losses exactly as Crosstag's engine computes them (core/ml/train/losses.ts).

Each returns a SUM over this process's share of a global batch; the caller divides by the global
count (tokens or pairs), so that N processes add up to what one process computes."""

import torch
import torch.nn.functional as F

BCE_EPS = 1e-7


def normalize_rows(x):
    """Rows scaled to unit length; the 1e-12 keeps all-zero rows finite (as the app does)."""
    return x * torch.rsqrt((x * x).sum(-1, keepdim=True) + 1e-12)


def cosine(a, b):
    """Cosines [..., n, m] between the rows of a [..., n, D] and b [..., m, D]."""
    return torch.matmul(normalize_rows(a), normalize_rows(b).transpose(-1, -2))


def bce(p, y):
    pc = p.clamp(BCE_EPS, 1 - BCE_EPS)
    return -(y * torch.log(pc) + (1 - y) * torch.log(1 - pc))


def cross_entropy_sum(logits, targets):
    """Sum of -log softmax(logits)[target] over rows [N, K] with integer targets [N]."""
    return -F.log_softmax(logits, dim=-1).gather(1, targets.view(-1, 1)).sum()


def pair_bce_sum(a, b, y):
    """Sum over row pairs of BCE(sigmoid(cos(a_k, b_k)), y_k)."""
    cos = (normalize_rows(a) * normalize_rows(b)).sum(-1)
    return bce(torch.sigmoid(cos), y).sum()


def mtmt_sum(pSA, pSB, pTA, pTB, hSA, hSB, sT, mask, alpha=True, beta=True, gamma=True):
    """Sum over sentence pairs [P] and their token pairs (i, j) with mask 1 of
    γ_ij (α_i MSE(p_S,i, p_T,i) + α_j MSE(p_S,j, p_T,j) + β_ij BCE(s_S,ij, s_T,ij)), where
    α = (max p_T)², β = min(1, (2 s_T - 1)² + 0.5), γ = 1 - |sigmoid(cos(p_T,i, p_T,j)) - s_T,ij|,
    s_S = sigmoid(cos(h_S,i, h_S,j)); a weight switched off is 1; MSE is the mean over labels.
    Shapes: p* [P, T, K], h* [P, T, D], sT and mask [P, T, T]."""
    mse_a = ((pSA - pTA) ** 2).mean(-1)
    mse_b = ((pSB - pTB) ** 2).mean(-1)
    term_a = pTA.max(-1).values ** 2 * mse_a if alpha else mse_a
    term_b = pTB.max(-1).values ** 2 * mse_b if alpha else mse_b
    g = (1 - (torch.sigmoid(cosine(pTA, pTB)) - sT).abs()) * mask if gamma else mask
    sS = torch.sigmoid(cosine(hSA, hSB))
    pair = bce(sS, sT)
    if beta:
        pair = pair * torch.clamp((2 * sT - 1) ** 2 + 0.5, max=1.0)
    rows = (term_a * g.sum(-1)).sum()
    cols = (term_b * g.sum(-2)).sum()
    return rows + cols + (g * pair).sum()


def kd_sum(logits_s, pT, kind):
    """Plain distillation (ablation): sum over rows of MSE or KL(p_T || p_S)."""
    if kind == "mse":
        return ((torch.softmax(logits_s, -1) - pT) ** 2).mean(-1).sum()
    logT = torch.log(pT.clamp(1e-12, 1))
    return (pT * (logT - F.log_softmax(logits_s, -1))).sum(-1).sum()
