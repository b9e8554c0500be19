"""What a long benchmark prints as it goes: figures on stdout (also kept for --json),
progress with the elapsed time on stderr, and each phase's peak memory."""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import torch

from .bench_step import peak_rss_mb


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def reset_peak_rss() -> bool:
    """Restart this process's peak resident memory (Linux: /proc/self/clear_refs); False
    where it cannot, and the peak stays the whole process's."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        return True
    except OSError:
        return False


class Report:
    """``figures`` go to ``json_path`` (when given) after every phase, so that a long run
    that fails late keeps what it measured."""

    def __init__(self, json_path: Path | None = None) -> None:
        self.started = time.perf_counter()
        self.json_path = json_path
        self.figures: dict[str, Any] = {}
        self.phase_peaks = reset_peak_rss()

    def save(self) -> None:
        self.figures["seconds"] = time.perf_counter() - self.started
        if self.json_path is not None:
            self.json_path.write_text(json.dumps(self.figures, indent=2) + "\n", encoding="utf-8")

    def say(self, line: str) -> None:
        print(line, flush=True)

    def progress(self, line: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f} s] {line}", file=sys.stderr, flush=True)

    def memory(self, phase: str, device: str | None = None) -> None:
        """Print and record the phase's peak RSS (and GPU memory), then restart the peak."""
        rss = peak_rss_mb()
        line = f"peak memory, {phase}: RSS {rss:.0f} MiB" if rss is not None else f"peak memory, {phase}: RSS unknown"
        if not self.phase_peaks:
            line += " (the process's peak so far)"
        entry: dict[str, Any] = {"rss_mb": rss}
        if device is not None and device.startswith("cuda"):
            entry["cuda_mb"] = torch.cuda.max_memory_allocated() / 2**20
            line += f"; PyTorch GPU memory {entry['cuda_mb']:.0f} MiB"
            torch.cuda.reset_peak_memory_stats()
        self.figures.setdefault("peak_memory", {})[phase] = entry
        self.say(line)
        self.save()
        self.phase_peaks = reset_peak_rss()
