namespace MLNetTransfer.Images;

/// <summary>
/// A process-wide allowance of memory-heavy work: what decode threads hold at once (encoded file bytes, decoded
/// pixels) stays within its capacity whatever the number of threads, so ten threads meeting ten huge images take
/// turns instead of holding ten times the memory. Requests are served in arrival order, so a large one is not starved
/// by a stream of small ones; one larger than the whole capacity waits until nothing else is held and then runs alone.
/// </summary>
internal sealed class MemoryBudget
{
    /// <summary>Decoded pixels held at once: 100 megapixels, 400 MB of BGRA (the default pixel limit of one image).</summary>
    public static MemoryBudget DecodedPixels { get; } = new(ImageDecodeOptions.DefaultMaxPixels);

    /// <summary>Encoded image bytes read into memory at once: 256 MB (the default size cap of one file).</summary>
    public static MemoryBudget EncodedBytes { get; } = new(ImageFileReader.DefaultMaxBytes);

    private readonly object _gate = new();
    private long _available;
    private long _nextTicket, _serving;

    public MemoryBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    public long Capacity { get; }

    /// <summary>The amount held now.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
                return Capacity - _available;
        }
    }

    /// <summary>Requests waiting now.</summary>
    public long Waiting
    {
        get
        {
            lock (_gate)
                return _nextTicket - _serving;
        }
    }

    /// <summary>The most ever held at once (for tests and measurements).</summary>
    public long PeakInUse { get; private set; }

    /// <summary>
    /// Waits until <paramref name="amount"/> (at most the whole capacity) is free and holds it until the lease is
    /// disposed. Threads that hold a lease must not wait for another lease of the same budget.
    /// </summary>
    public Lease Acquire(long amount)
    {
        var held = Math.Clamp(amount, 0, Capacity);
        lock (_gate)
        {
            var ticket = _nextTicket++;
            while (ticket != _serving || _available < held)
                Monitor.Wait(_gate);
            _serving++;
            _available -= held;
            PeakInUse = Math.Max(PeakInUse, Capacity - _available);
            // The next in line may fit in what is left.
            Monitor.PulseAll(_gate);
        }
        return new Lease(this, held);
    }

    private void Release(long amount)
    {
        lock (_gate)
        {
            _available += amount;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>An amount held from a budget; Dispose (once or more) gives it back.</summary>
    internal sealed class Lease(MemoryBudget budget, long amount) : IDisposable
    {
        private long _amount = amount;

        public long Amount => Volatile.Read(ref _amount);

        public void Dispose()
        {
            var amount = Interlocked.Exchange(ref _amount, 0);
            if (amount > 0)
                budget.Release(amount);
            GC.SuppressFinalize(this);
        }

        // A lease dropped without Dispose (an image never given back) is returned when collected, not lost for good.
        ~Lease() => Dispose();
    }
}
