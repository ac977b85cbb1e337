"""One process, or one of several started by torchrun or accelerate launch: both set RANK,
WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT, which is all this reads. Gradients are
averaged by DistributedDataParallel (nccl on GPUs, gloo on CPUs)."""

import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel


class Dist:
    def __init__(self, device=None, backend=None):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available() and device != "cpu"
        if device is None or device == "auto":
            device = f"cuda:{self.local_rank}" if cuda else "cpu"
        elif device == "cuda":
            device = f"cuda:{self.local_rank}"
        self.device = torch.device(device)
        if self.device.type == "cuda":
            torch.cuda.set_device(self.device)
        self.backend = backend or ("nccl" if self.device.type == "cuda" else "gloo")
        if self.world > 1 and not dist.is_initialized():
            dist.init_process_group(self.backend, init_method="env://", rank=self.rank, world_size=self.world)

    @property
    def main(self):
        return self.rank == 0

    def describe(self):
        where = f"{self.device.type}" + (f" ({torch.cuda.get_device_name(self.device)})" if self.device.type == "cuda" else "")
        ddp = f", {self.world} processes ({self.backend})" if self.world > 1 else ""
        return f"pytorch {torch.__version__} on {where}{ddp}"

    def share(self, units):
        """This process's contiguous share of a list of work units (possibly empty)."""
        n = len(units)
        start = n * self.rank // self.world
        end = n * (self.rank + 1) // self.world
        return units[start:end]

    def wrap(self, module):
        if self.world == 1:
            return module
        ids = [self.device.index] if self.device.type == "cuda" else None
        return DistributedDataParallel(module, device_ids=ids)

    def sum(self, values):
        """Element-wise sum of a list of numbers over all processes (float64)."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device if self.backend == "nccl" else "cpu")
        if self.world > 1:
            dist.all_reduce(t)
        return t.tolist()

    def any(self, flag):
        return self.sum([1.0 if flag else 0.0])[0] > 0

    def gather(self, obj):
        if self.world == 1:
            return [obj]
        out = [None] * self.world
        dist.all_gather_object(out, obj)
        return out

    def broadcast(self, obj):
        if self.world == 1:
            return obj
        box = [obj]
        dist.broadcast_object_list(box, src=0)
        return box[0]

    def broadcast_tensor(self, t):
        if self.world > 1:
            moved = t.to(self.device) if self.backend == "nccl" else t
            dist.broadcast(moved, src=0)
            if moved is not t:
                t.copy_(moved)
        return t

    def broadcast_module(self, module):
        """Process 0's weights of module on every process."""
        for t in module.state_dict().values():
            self.broadcast_tensor(t)

    def barrier(self):
        if self.world > 1:
            dist.barrier()

    def close(self):
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()
