using System.Diagnostics;
using System.Net.Sockets;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Reliability;

/// <summary>Makes the files a real folder can hold besides photos: a named pipe, a device link, a socket, a sparse giant.</summary>
public static class SpecialFiles
{
    public static string Fifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path }, UseShellExecute = false })!;
        process.WaitForExit(120_000).Should().BeTrue("mkfifo ends at once");
        process.ExitCode.Should().Be(0);
        return path;
    }

    /// <summary>x.jpg → /dev/zero: a character device that reads zeros without end.</summary>
    public static string DeviceLink(string path)
    {
        File.CreateSymbolicLink(path, "/dev/zero");
        return path;
    }

    /// <summary>A bound Unix socket file; dispose the socket to remove it.</summary>
    public static Socket UnixSocket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    /// <summary>A sparse file of the given length (no disk used), as `truncate -s 5G` makes.</summary>
    public static string Sparse(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.SetLength(length);
        return path;
    }

    /// <summary>A 10x10 PNG whose header claims 9000 x 9000 pixels (81 megapixels, under the pixel limit), checksum fixed.</summary>
    public static byte[] LyingPng()
    {
        var png = TestImages.Solid(10, 10, SkiaSharp.SKColors.Gray, SkiaSharp.SKEncodedImageFormat.Png);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 9000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 9000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), DifficultImageTests.Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>Runs <paramref name="action"/> off the test thread, failing (not hanging) if it blocks: a guard, not a timing assert.</summary>
    public static T WithoutHanging<T>(Func<T> action)
    {
        var task = Task.Factory.StartNew(action, TaskCreationOptions.LongRunning);
        task.Wait(TimeSpan.FromSeconds(600)).Should().BeTrue("reading a special file must never block");
        return task.Result;
    }
}
